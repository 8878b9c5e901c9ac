"""Bulk mode when things go wrong: a node that loses transactions, a sender killed half-way.
Nothing is lost, nothing is sent twice (counted by the account's nonce: one per transaction)."""

import os
import signal
import subprocess
import sys

from partledger.ids import part_id

from bulk_support import (  # noqa: F401 (fixtures)
    BULK_KEY,
    ROOT,
    FlakyNode,
    bulk_account,
    deployment,
    make_bulk,
    manifest,
    nonce,
    w3,
)
from web3 import Web3

PN = "PN-RELY"


def test_transactions_the_node_loses_are_rebroadcast_and_all_land(make_bulk, bulk_account, deployment, w3):
    # Anvil: every 7th transaction lost, the later ones wait in its pool behind the gap. Ganache
    # (eager instamine) answers a broadcast only once it mined it, so a send behind a gap would
    # hang: there the last transactions are the lost ones.
    eager = w3.client_version.lower().startswith("ganache")
    node = FlakyNode(w3.provider.endpoint_uri, drop=range(44, 51) if eager else range(7, 51, 7))
    try:
        serials = [f"L-{i}" for i in range(50)]
        before = nonce(w3, bulk_account.address)

        result = make_bulk(on=Web3(Web3.HTTPProvider(node.url)), stall_seconds=0.5).register_parts(
            PN, serials, mode="single"
        )

        assert len(result.ok) == 50 and result.failed == {}
        assert len(node.dropped) == 7  # 50 distinct transactions, every 7th swallowed once
        assert result.rebroadcasts >= len(node.dropped)
        assert node.dropped <= {raw for raw in node.raw_seen if node.raw_seen.count(raw) > 1}  # sent again...
        assert len(set(node.raw_seen)) == 50  # ...with the same bytes: never re-signed
        assert nonce(w3, bulk_account.address) == before + 50  # one transaction per part, none twice
        registry = deployment["PartRegistry"].functions
        for serial in serials:
            assert registry.ownerOf(part_id(bulk_account.address, PN, serial)).call() == bulk_account.address
    finally:
        node.close()


def test_a_sender_killed_half_way_resumes_with_only_the_missing_items(make_bulk, bulk_account, deployment, manifest, w3):
    # the child process sends 10 transactions a POST; the node answers two POSTs, then hangs
    node = FlakyNode(w3.provider.endpoint_uri, hang_after=2)
    before = nonce(w3, bulk_account.address)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BULK_RPC_URL": node.url, "BULK_KEY": BULK_KEY.hex(),
           "BULK_MANIFEST": str(manifest), "BULK_PN": PN, "BULK_PREFIX": "K-", "BULK_COUNT": "40",
           "BULK_SEND_BATCH": "10"}
    child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "sdk" / "bulk_sender.py")], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert node.hanging.wait(60), child.communicate(timeout=5)[0]
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        node.close()
    assert nonce(w3, bulk_account.address) == before + 20  # the crash: 20 of 40 went through

    result = make_bulk().register_parts(PN, [f"K-{i}" for i in range(40)], mode="single")

    assert sorted(result.skipped) == sorted(f"{PN}/K-{i}" for i in range(20))
    assert sorted(result.ok) == sorted(f"{PN}/K-{i}" for i in range(20, 40))
    assert result.failed == {} and len(result.tx_hashes) == 20
    assert nonce(w3, bulk_account.address) == before + 40  # exactly one transaction per part
    registry = deployment["PartRegistry"].functions
    assert all(registry.ownerOf(part_id(bulk_account.address, PN, f"K-{i}")).call() == bulk_account.address
               for i in range(40))
