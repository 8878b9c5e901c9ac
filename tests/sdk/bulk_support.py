"""What the bulk-mode tests share (not a test module): fixtures, imported by name into each
test module (`from bulk_support import ...`), and a JSON-RPC proxy standing in for a node that
loses transactions or hangs.

The SDK side talks to brownie's chain only through web3.py and partledger; brownie deploys the
suite, funds the local key and onboards it as a manufacturer (set-up only).
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from pathlib import Path

import pytest
from brownie import web3 as brownie_web3
from eth_account import Account
from eth_utils import keccak
from web3 import Web3

from partledger.bulk import Bulk
from partledger.manifest import Deployment
from partledger.roles import MANUFACTURER_ROLE
from partledger.tx import NonceManager
from scripts.deploy import write_manifest

BULK_KEY = keccak(text="partledger-bulk/maker")  # the key bulk mode signs with in the tests
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def w3():
    """web3.py on brownie's chain (the SDK never sees brownie)."""
    return Web3(Web3.HTTPProvider(brownie_web3.provider.endpoint_uri))


@pytest.fixture(scope="module")
def bulk_account(suite, admin):
    """A local key, funded, onboarded as a manufacturer."""
    account = Account.from_key(BULK_KEY)
    admin.transfer(account.address, 10 * 10**18)
    suite.participants.onboard(account.address, "Bulk Works", "MFR-BULK-1", [MANUFACTURER_ROLE], {"from": admin})
    return account


@pytest.fixture(scope="module")
def manifest(suite, tmp_path_factory):
    """The suite's manifest, written the way scripts/deploy.py writes it, in a private folder."""
    return write_manifest(suite, directory=tmp_path_factory.mktemp("bulk-manifest"))


@pytest.fixture(scope="module")
def deployment(w3, manifest):
    return Deployment.load(w3, manifest)


@pytest.fixture
def make_bulk(w3, deployment, bulk_account):
    """make_bulk(w3=None, **options) -> a Bulk for the local key, progress off unless asked."""

    def make(on=None, **options):
        on = on or w3
        options.setdefault("progress", False)
        return Bulk(on, Deployment.load(on, deployment.path), bulk_account, NonceManager(on, bulk_account.address),
                    **options)

    return make


def nonce(w3, address) -> int:
    return w3.eth.get_transaction_count(address, "latest")


class FlakyNode:
    """An HTTP JSON-RPC proxy in front of `upstream`: forwards every call, except that it
    swallows the first broadcast of the raw transactions numbered in `drop` (1 = the first
    distinct one), answering its hash as a node that accepted and then lost it; and, with
    `hang_after`, never answers (nor forwards) any POST with raw transactions after the first
    `hang_after` of them."""

    def __init__(self, upstream: str, *, drop=(), hang_after: int | None = None):
        self.upstream, self.drop, self.hang_after = upstream, set(drop), hang_after
        self.raw_seen: list[str] = []  # every raw transaction received, in order (re-broadcasts too)
        self.dropped: set[str] = set()
        self.send_posts = 0
        self.hanging = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answer = proxy.handle(body)
                if answer is None:
                    self.send_response(503)
                    self.end_headers()
                    return
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, body):
        calls = body if isinstance(body, list) else [body]
        raw_calls = [c for c in calls if c.get("method") == "eth_sendRawTransaction"]
        if raw_calls and self.hang_after is not None:
            with self._lock:
                self.send_posts += 1
                hang = self.send_posts > self.hang_after
            if hang:
                self.hanging.set()
                self._release.wait(120)
                return None
        local, forward = {}, []
        for call in calls:
            if call.get("method") == "eth_sendRawTransaction":
                raw = call["params"][0]
                with self._lock:
                    self.raw_seen.append(raw)
                    first = self.raw_seen.count(raw) == 1
                    drop = first and len(set(self.raw_seen)) in self.drop
                    if drop:
                        self.dropped.add(raw)
                if drop:
                    local[call["id"]] = {"jsonrpc": "2.0", "id": call["id"],
                                         "result": "0x" + keccak(bytes.fromhex(raw[2:])).hex()}
                    continue
            forward.append(call)
        answers = dict(local)
        if forward:
            request = urllib.request.Request(self.upstream, json.dumps(forward).encode(),
                                             {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                for item in json.loads(response.read()):
                    answers[item["id"]] = item
        ordered = [answers[c["id"]] for c in calls]
        return ordered if isinstance(body, list) else ordered[0]

    def close(self):
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
