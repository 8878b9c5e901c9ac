"""What the SDK test modules share (not a test module): raw node calls and scenario shortcuts
made with the SDK itself."""

from __future__ import annotations

from partledger import Client
from partledger.ids import to_bytes32

ZERO32 = bytes(32)


def chain_rpc(w3, method: str, *params):
    """A raw JSON-RPC call (evm_mine, evm_setAutomine, miner_stop, ...); its result."""
    response = w3.provider.make_request(method, list(params))
    assert "error" not in response, response
    return response["result"]


def is_ganache(w3) -> bool:
    return "ganache" in w3.client_version.lower()


def register(client: Client, serial: str, part_number: str = "PN-SDK") -> int:
    """Registers a part through the SDK as `client` (a manufacturer); its id."""
    receipt = client.parts.register_part(to_bytes32(part_number), to_bytes32(serial), ZERO32)
    pid = client.part_id(client.address, part_number, serial)
    assert receipt.event("Transfer").args["id"] == pid
    return pid
