"""Red team: the history index must not keep the logs of blocks the chain replaced while it read.

A sync read the logs of its window, then the hash of the window's last block, and stored both.
When the chain replaced those blocks in between (a reorg during the read), the index kept logs
of the lost fork under the new fork's hash: the next sync's tip check then passed, and the
history showed, for good, a transfer that never happened."""

from types import SimpleNamespace

import pytest
from brownie import chain
from web3 import Web3

from helpers import b32
from partledger import part_id
from partledger.provenance import HistoryIndex, ProvenanceReader, RpcLogSource


@pytest.fixture(scope="module")
def w3():
    from brownie import web3

    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


class ReorgAfterLogs:
    """The node's log source; once armed, the chain replaces its newest blocks right after the
    next `logs` answer (`replace()` does it), as a reorg landing between two calls would."""

    def __init__(self, inner, replace):
        self.inner, self.replace, self.armed = inner, replace, False

    def head(self):
        return self.inner.head()

    def block_hash(self, number):
        return self.inner.block_hash(number)

    def logs(self, addresses, from_block, to_block):
        found = self.inner.logs(addresses, from_block, to_block)
        if self.armed:
            self.armed = False
            self.replace()
        return found


def test_a_reorg_between_reading_logs_and_the_block_hash_leaves_no_lost_log(
    w3, suite, maker, airline, broker, tmp_path
):
    parts = suite.parts
    start = chain.height + 1
    parts.registerPart(b32("PN-RG"), b32("RG-1"), b32("spec"), {"from": maker})
    pid = part_id(maker.address, "PN-RG", "RG-1")
    web3_parts = w3.eth.contract(address=parts.address, abi=parts.abi)  # web3 alone (brownie would
    # wait for transactions that the revert below undoes)

    def send(sender, to):
        tx = web3_parts.functions.transferFrom(sender.address, to.address, pid).transact({"from": sender.address})
        w3.eth.wait_for_transaction_receipt(tx)

    addresses = [parts.address, suite.records.address]
    source = None
    state = SimpleNamespace(snapshot=None)

    def replace():
        w3.provider.make_request("evm_revert", [state.snapshot])  # the blocks read never happened
        send(maker, broker)
        w3.provider.make_request("evm_mine", [])  # as high as the lost fork

    source = ReorgAfterLogs(RpcLogSource(w3), replace)
    index = HistoryIndex(tmp_path / "i.sqlite", source, chain_id=w3.eth.chain_id, addresses=addresses, from_block=start)
    index.sync()

    state.snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    send(maker, airline)  # the fork that will be lost
    w3.provider.make_request("evm_mine", [])
    source.armed = True
    index.sync()  # reads the airline transfer; the chain replaces it with the broker transfer
    index.sync()

    def reader(**options):
        return ProvenanceReader(
            w3, parts.address, parts.abi, suite.records.address, suite.records.abi, from_block=start, **options
        )

    truth = reader().history(pid)
    assert truth.owner == broker
    assert reader(index=index).history(pid) == truth
