"""Red team: a write the node took must never be signed again under a new nonce.

web3.py 7's HTTPProvider retries eth_sendRawTransaction when a request times out. When the
node took the first copy, the retry is answered "nonce too low" (already mined) or "already
known" (still pooled): the Sender read that as "another process took our nonce" and signed the
same call again with the next nonce, so a slow answer made one call two transactions (usage
recorded twice, a payment made twice). Bulk mode read a broadcast answered "nonce too low" the
same way and sent its items again: an item without a done check (a lot anchor) went out twice.
"""

from __future__ import annotations

import pytest
from attack_proxy import BroadcastProxy
from eth_account import Account
from sdk_kit import ZERO32, register
from web3 import Web3

from partledger import Client
from partledger.bulk import Bulk, BulkItem
from partledger.exceptions import TransactionUnconfirmed
from partledger.ids import to_bytes32
from partledger.manifest import Deployment
from partledger.merkle import LotTree
from partledger.tx import NonceManager


@pytest.fixture
def proxy(rpc_url):
    made = []

    def make(**options):
        made.append(BroadcastProxy(rpc_url, **options))
        return made[-1]

    yield make
    for each in made:
        each.close()


def _sent_by(w3, address, start):
    """How many transactions `address` got mined from nonce `start` on."""
    return w3.eth.get_transaction_count(address, "latest") - start


def test_a_slow_broadcast_retried_by_web3_is_one_transaction(maker_client, proxy, deployment, key, w3):
    pid = register(maker_client, "ATTACK-RETRY-1")
    slow = proxy(late=1, delay=2.0)  # the node mines the write at once; its answer comes late
    w3_slow = Web3(Web3.HTTPProvider(slow.url, request_kwargs={"timeout": 0.5}))
    client = Client(w3_slow, Deployment.load(w3_slow, deployment.path), Account.from_key(key("maker")))
    start = w3.eth.get_transaction_count(client.address, "latest")

    receipt = client.records.record_usage(pid, 5, 10)

    assert len(set(slow.raw_seen)) == 1 and len(slow.raw_seen) >= 2  # web3 sent the same bytes again
    assert _sent_by(w3, client.address, start) == 1  # ...and the client signed nothing else
    assert receipt.status == 1
    life = maker_client.records.life_of(pid)
    assert (life.cycles, life.hours) == (5, 10)  # usage recorded once


@pytest.mark.parametrize("message", ["already known", "nonce too low"])
def test_a_broadcast_the_node_took_but_answered_with_an_error_is_not_signed_again(
    maker_client, proxy, deployment, key, w3, message
):
    pid = register(maker_client, f"ATTACK-KNOWN-{len(message)}")
    liar = proxy(error_after_send={1}, message=message)
    w3_liar = Web3(Web3.HTTPProvider(liar.url))
    client = Client(w3_liar, Deployment.load(w3_liar, deployment.path), Account.from_key(key("maker")))
    start = w3.eth.get_transaction_count(client.address, "latest")

    receipt = client.records.record_usage(pid, 3, 7)

    assert _sent_by(w3, client.address, start) == 1
    assert receipt.status == 1 and receipt.tx_hash == Web3.keccak(hexstr=liar.raw_seen[0]).to_0x_hex()
    assert (maker_client.records.life_of(pid).cycles, maker_client.records.life_of(pid).hours) == (3, 7)


def test_a_transaction_whose_nonce_was_really_taken_is_still_signed_again(maker_client, key, w3):
    """The fix keeps the re-sign for the case it was for: another sender used our nonce."""
    client = maker_client
    client.nonces.reserve()  # ask the node once
    client.nonces._next -= 1  # the same nonce again: as if a second process had just used it
    register(client, "ATTACK-TAKEN-0")  # uses that nonce
    client.nonces._next -= 1
    pid = register(client, "ATTACK-TAKEN-1")  # "nonce too low", re-read, re-signed once
    assert client.parts.owner_of(pid) == client.address


def test_bulk_sends_an_anchor_the_node_took_once(proxy, deployment, key, w3):
    """A broadcast answered "nonce too low" after the node took it: the lot is anchored once."""
    liar = proxy(error_after_send={1}, message="nonce too low")
    w3_liar = Web3(Web3.HTTPProvider(liar.url))
    maker = Account.from_key(key("maker"))
    bulk = Bulk(
        w3_liar, Deployment.load(w3_liar, deployment.path), maker, NonceManager(w3_liar, maker.address), progress=False
    )
    tree = LotTree("PN-ATTACK-LOT", ["L-1", "L-2", "L-3"])
    data = bulk._fn("anchorLot")(to_bytes32("PN-ATTACK-LOT"), to_bytes32("LOT-A"), tree.root, len(tree), ZERO32)
    start = w3.eth.get_transaction_count(maker.address, "latest")

    result = bulk.run([BulkItem("anchor:PN-ATTACK-LOT/LOT-A", bulk._registry, data)])

    assert result.ok == ["anchor:PN-ATTACK-LOT/LOT-A"] and not result.failed
    assert _sent_by(w3, maker.address, start) == 1  # one lot anchored, not two
    assert result.tx_hashes == [Web3.keccak(hexstr=liar.raw_seen[0]).to_0x_hex()]


def test_bulk_never_resends_an_item_without_a_done_check_on_a_guess(proxy, deployment, key, w3):
    """The nonce count moved on but a lagging node does not find the transaction yet: bulk mode
    took it for "nonce taken by another transaction" and anchored the lot again. An item that the
    chain cannot tell done is not sent again on that guess: it fails, naming its transaction."""
    lagging = proxy(hide_lookups=30)
    w3_lag = Web3(Web3.HTTPProvider(lagging.url))
    maker = Account.from_key(key("maker"))
    bulk = Bulk(
        w3_lag, Deployment.load(w3_lag, deployment.path), maker, NonceManager(w3_lag, maker.address), progress=False
    )
    tree = LotTree("PN-ATTACK-LAG", ["G-1", "G-2"])
    data = bulk._fn("anchorLot")(to_bytes32("PN-ATTACK-LAG"), to_bytes32("LOT-G"), tree.root, len(tree), ZERO32)
    start = w3.eth.get_transaction_count(maker.address, "latest")

    result = bulk.run([BulkItem("anchor:PN-ATTACK-LAG/LOT-G", bulk._registry, data)])

    assert _sent_by(w3, maker.address, start) == 1  # one lot anchored, not two
    error = result.failed["anchor:PN-ATTACK-LAG/LOT-G"]
    assert isinstance(error, TransactionUnconfirmed)
    assert error.tx_hash == Web3.keccak(hexstr=lagging.raw_seen[0]).to_0x_hex()
    assert w3.eth.get_transaction_receipt(error.tx_hash)["status"] == 1  # it was mined after all
