"""A JSON-RPC proxy for the attack tests (not a test module): it forwards every call to the real
node, and can answer a broadcast the way an unlucky network does after forwarding it: late (the
client's request times out, web3.py sends the same bytes again) or with a node error although
the node took the transaction (what a retried or load-balanced broadcast gets back), and can
hide a mined transaction from lookups for a while (a load-balanced node whose read backend
lags: the nonce count has moved on, the receipt is not found yet)."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.request

from eth_utils import keccak


class BroadcastProxy:
    """Forwards every POST to `upstream`. The first `late` POSTs that carry raw transactions are
    answered only after `delay` seconds (the node got them at once); a raw transaction whose
    number (1 = the first distinct one) is in `error_after_send` is forwarded, then its answer
    replaced by the JSON-RPC error `message` (the node has the transaction all the same). The
    first `hide_lookups` receipt and transaction lookups of the first raw transaction's hash are
    answered null."""

    def __init__(
        self, upstream: str, *, late: int = 0, delay: float = 0.0, error_after_send=(), message="", hide_lookups=0
    ):
        self.upstream, self.late, self.delay = upstream, late, delay
        self.error_after_send, self.message = set(error_after_send), message
        self.hide_lookups = hide_lookups
        self.raw_seen: list[str] = []
        self.send_posts = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                data = json.dumps(proxy.handle(body)).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up waiting (its timeout): nobody to answer
                    pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _forward(self, calls):
        request = urllib.request.Request(
            self.upstream, json.dumps(calls).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return {item["id"]: item for item in json.loads(response.read())}

    def handle(self, body):
        calls = body if isinstance(body, list) else [body]
        answers = self._forward(calls)
        raws = [c for c in calls if c.get("method") == "eth_sendRawTransaction"]
        if raws:
            with self._lock:
                self.send_posts += 1
                slow = self.send_posts <= self.late
                for call in raws:
                    raw = call["params"][0]
                    self.raw_seen.append(raw)
                    if len(set(self.raw_seen)) in self.error_after_send and self.raw_seen.count(raw) == 1:
                        answers[call["id"]] = {
                            "jsonrpc": "2.0",
                            "id": call["id"],
                            "error": {"code": -32000, "message": self.message},
                        }
            if slow:
                time.sleep(self.delay)
        with self._lock:
            hidden = "0x" + keccak(bytes.fromhex(self.raw_seen[0][2:])).hex() if self.raw_seen else None
            for call in calls:
                lookup = call.get("method") in ("eth_getTransactionReceipt", "eth_getTransactionByHash")
                if lookup and self.hide_lookups > 0 and str(call["params"][0]).lower() == hidden:
                    self.hide_lookups -= 1
                    answers[call["id"]] = {"jsonrpc": "2.0", "id": call["id"], "result": None}
        ordered = [answers[c["id"]] for c in calls]
        return ordered if isinstance(body, list) else ordered[0]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
