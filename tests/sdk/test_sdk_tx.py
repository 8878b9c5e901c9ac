"""partledger.tx through the client: EIP-1559 fees, reverts decoded before sending and after
mining, nonces under concurrent threads (sent in nonce order) and after another sender used the
key, a transaction the node lost broadcast again, waiting with a timeout and with confirmations,
the read-only client."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from bulk_support import FlakyNode
from eth_account import Account
from eth_utils import keccak
from sdk_kit import ZERO32, chain_rpc, is_ganache, register
from web3 import Web3

from partledger import Client, exceptions
from partledger import tx as tx_module
from partledger.ids import to_bytes32
from partledger.manifest import Deployment
from partledger.tx import PendingTransaction, Receipt, Sender, fee_fields


def test_a_write_is_signed_locally_with_eip1559_fees(maker_client, w3):
    receipt = maker_client.parts.register_part(to_bytes32("PN-SDK"), to_bytes32("FEE-1"), ZERO32)
    assert isinstance(receipt, Receipt) and receipt.status == 1
    tx = w3.eth.get_transaction(receipt.tx_hash)
    assert tx["type"] == 2
    assert tx["from"] == maker_client.address
    base_fee = w3.eth.get_block(receipt.block_number - 1)["baseFeePerGas"]
    assert tx["maxFeePerGas"] == 2 * base_fee + tx["maxPriorityFeePerGas"]
    assert tx["maxPriorityFeePerGas"] > 0
    assert receipt.effective_gas_price == w3.eth.get_transaction_receipt(receipt.tx_hash)["effectiveGasPrice"]
    assert tx["gas"] > receipt.gas_used  # the estimate's margin


def test_fee_fields_follow_the_latest_base_fee(w3):
    fees = fee_fields(w3, priority_fee=7)
    base_fee = w3.eth.get_block("latest")["baseFeePerGas"]
    assert fees == {"maxFeePerGas": 2 * base_fee + 7, "maxPriorityFeePerGas": 7}


def test_receipt_events_are_decoded_with_the_deployments_abis(maker_client):
    receipt = maker_client.parts.register_part(to_bytes32("PN-SDK"), to_bytes32("EV-1"), ZERO32)
    pid = maker_client.part_id(maker_client.address, "PN-SDK", "EV-1")
    transfer = receipt.event("Transfer")
    assert transfer.contract == "PartRegistry"
    assert transfer.args == {"from": "0x" + "00" * 20, "to": maker_client.address, "id": pid}
    assert [e.event for e in receipt.events_named("Transfer")] == ["Transfer"]
    with pytest.raises(KeyError, match="no OrderOpened event"):
        receipt.event("OrderOpened")


def test_a_revert_found_by_the_estimate_raises_its_error_and_uses_no_nonce(maker_client, client_of, w3):
    pid = register(maker_client, "REV-1")
    airline = client_of("airline")
    before = w3.eth.get_transaction_count(airline.address)
    with pytest.raises(exceptions.ContractRevertError) as info:
        airline.parts.transfer_from(maker_client.address, airline.address, pid)
    assert isinstance(info.value, exceptions.NotOwnerNorApproved) and info.value.contract == "PartRegistry"
    assert info.value.transaction_hash is None  # simulated, never sent
    assert w3.eth.get_transaction_count(airline.address) == before
    with pytest.raises(exceptions.PartNotFound) as info:
        maker_client.records.record_usage(12345, 1, 1)
    assert info.value.args == {"partId": 12345}


def test_a_transaction_mined_with_status_0_raises_the_same_decoded_error(maker_client, w3):
    with pytest.raises(exceptions.PartNotFound) as info:
        maker_client.records.record_usage(12345, 1, 1, gas=300_000)  # explicit gas: no estimate, mined
    tx_hash = info.value.transaction_hash
    assert tx_hash is not None
    assert w3.eth.get_transaction_receipt(tx_hash)["status"] == 0
    assert info.value.args == {"partId": 12345} and info.value.contract == "PartRecords"


def _register_from_threads(client, prefix: str, n: int) -> list:
    """`n` registrations sent at once from a pool of `n` threads; their receipts."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(
            pool.map(
                lambda i: client.parts.register_part(to_bytes32("PN-SDK"), to_bytes32(f"{prefix}-{i}"), ZERO32),
                range(n),
            )
        )


def test_concurrent_sends_from_threads_get_consecutive_nonces(maker_client, w3):
    """N writes at once from a thread pool: every one mined, nonces consecutive, none lost."""
    n = 12
    start = w3.eth.get_transaction_count(maker_client.address, "pending")
    receipts = _register_from_threads(maker_client, "TH", n)
    assert all(r.status == 1 for r in receipts)
    nonces = sorted(w3.eth.get_transaction(r.tx_hash)["nonce"] for r in receipts)
    assert nonces == list(range(start, start + n))
    assert w3.eth.get_transaction_count(maker_client.address) == start + n
    for i in range(n):
        assert maker_client.parts.owner_of(maker_client.part_id(maker_client.address, "PN-SDK", f"TH-{i}")) == (
            maker_client.address
        )


class _SlowToSign:
    """A local account whose signature for nonce `slow` takes `delay` seconds: the thread that
    holds the first nonce is overtaken by the others unless sends are kept in nonce order."""

    def __init__(self, account, slow: int, delay: float) -> None:
        self.account, self.slow, self.delay = account, slow, delay
        self.address, self.key = account.address, account.key

    def sign_transaction(self, tx):
        if tx["nonce"] == self.slow:
            time.sleep(self.delay)
        return self.account.sign_transaction(tx)


@pytest.fixture
def node_proxy(w3):
    """A JSON-RPC proxy in front of the chain (records every broadcast; may lose some)."""
    made = []

    def make(**options) -> FlakyNode:
        made.append(FlakyNode(w3.provider.endpoint_uri, **options))
        return made[-1]

    yield make
    for node in made:
        node.close()


def _through(node: FlakyNode, deployment, account, **options) -> Client:
    w3_proxy = Web3(Web3.HTTPProvider(node.url))
    return Client(w3_proxy, Deployment.load(w3_proxy, deployment.path), account, **options)


def test_writes_from_many_threads_reach_the_node_in_nonce_order(node_proxy, deployment, key, w3):
    """A node given nonce n+1 before n holds it back; Ganache 7 sometimes never mines it (one
    of 12 concurrent writes waited 120 s and timed out). The thread holding the first nonce is
    slow to sign: the others wait for it instead of overtaking."""
    node = node_proxy()
    maker = Account.from_key(key("maker"))
    start = w3.eth.get_transaction_count(maker.address, "pending")
    client = _through(node, deployment, maker, timeout=60)
    client.sender.account = _SlowToSign(maker, slow=start, delay=0.5)
    n = 8
    receipts = _register_from_threads(client, "ORD", n)
    assert all(r.status == 1 for r in receipts)
    arrived = [w3.eth.get_transaction("0x" + keccak(hexstr=raw).hex())["nonce"] for raw in node.raw_seen]
    assert arrived == list(range(start, start + n))  # each broadcast once, in nonce order
    assert client.sender.rebroadcasts == 0  # every one mined at once: nothing sent again


def test_a_transaction_the_node_lost_is_broadcast_again_with_the_same_bytes(node_proxy, deployment, key, w3):
    node = node_proxy(drop={1})  # the node answers the first broadcast's hash, then loses it
    maker = Account.from_key(key("maker"))
    start = w3.eth.get_transaction_count(maker.address, "latest")
    client = _through(node, deployment, maker, timeout=30, rebroadcast_after=0.2)

    receipt = client.parts.register_part(to_bytes32("PN-SDK"), to_bytes32("LOST-1"), ZERO32)

    assert receipt.status == 1
    (raw,) = node.dropped
    assert node.raw_seen.count(raw) >= 2 and set(node.raw_seen) == {raw}  # the same bytes again, never re-signed
    assert client.sender.rebroadcasts >= 1
    assert w3.eth.get_transaction_count(maker.address, "latest") == start + 1  # one transaction
    assert client.parts.owner_of(client.part_id(maker.address, "PN-SDK", "LOST-1")) == maker.address


def test_a_transaction_the_node_holds_is_never_broadcast_again(maker_client, w3):
    """Unmined past `rebroadcast_after`, but in the node's pool: its bytes are not sent again.
    Ganache 7 executes a second copy of bytes it holds as a new transaction (paying twice)."""
    payee = Account.create().address
    sender = maker_client.sender
    sender.rebroadcast_after, kept = 0.05, sender.rebroadcast_after
    _set_mining(w3, False)
    try:
        pending = sender.send(payee, b"", value=10**15, gas=21_000, wait=False)
        with pytest.raises(exceptions.TransactionTimeout):
            pending.wait(timeout=1.0)  # asked the node many times meanwhile
    finally:
        _set_mining(w3, True)
        sender.rebroadcast_after = kept
    if not is_ganache(w3):
        chain_rpc(w3, "evm_mine")
    assert pending.wait(timeout=30).status == 1
    chain_rpc(w3, "evm_mine")  # a second copy, had one been pooled, would be mined now
    assert w3.eth.get_balance(payee) == 10**15  # paid once
    assert sender.rebroadcasts == 0


def test_the_bytes_kept_for_rebroadcast_are_bounded(maker_client, monkeypatch):
    """A service that sends without waiting keeps only the newest signed transactions."""
    monkeypatch.setattr(tx_module, "MAX_KEPT_TRANSACTIONS", 3)
    sender = maker_client.sender
    sent = [sender.send(sender.address, b"", gas=21_000, wait=False) for _ in range(5)]
    assert list(sender._unmined) == [p.tx_hash for p in sent[-3:]]
    for pending in sent:
        assert pending.wait(timeout=30).status == 1
    assert not any(p.tx_hash in sender._unmined for p in sent)  # mined: forgotten


def test_a_nonce_taken_by_another_sender_is_read_again_and_the_transaction_resent(client_of, w3):
    first, second = client_of("maker"), client_of("maker")  # two processes with one key
    register(first, "NC-1")  # first caches its next nonce
    register(second, "NC-2")  # ... which second uses
    receipt = first.parts.register_part(to_bytes32("PN-SDK"), to_bytes32("NC-3"), ZERO32)
    assert receipt.status == 1
    assert w3.eth.get_transaction(receipt.tx_hash)["nonce"] == w3.eth.get_transaction_count(first.address) - 1


def test_a_node_refusal_is_a_named_error_and_frees_the_nonce(w3, deployment):
    broke = Client(w3, deployment, Account.create())  # no ether for gas
    with pytest.raises(exceptions.TransactionRejected) as info:
        broke.stablecoin.mint(broke.address, 1, gas=100_000)
    assert info.value.sender == broke.address and info.value.nonce == 0
    assert "insufficient" in info.value.reason.lower() or "funds" in info.value.reason.lower()


def _set_mining(w3, on: bool) -> None:
    if is_ganache(w3):
        chain_rpc(w3, "miner_start" if on else "miner_stop")
    else:
        chain_rpc(w3, "evm_setAutomine", on)


def test_waiting_past_the_timeout_raises_transaction_timeout(maker_client, w3):
    _set_mining(w3, False)
    try:
        pending = maker_client.parts.register_part(
            to_bytes32("PN-SDK"), to_bytes32("TO-1"), ZERO32, gas=300_000, wait=False
        )
        assert isinstance(pending, PendingTransaction)
        started = time.monotonic()
        with pytest.raises(exceptions.TransactionTimeout) as info:
            pending.wait(timeout=0.3)
        assert 0.3 <= time.monotonic() - started < 60  # its own timeout, not the default 120 s
        assert info.value.tx_hash == pending.tx_hash and info.value.block_number is None
        assert pending.tx_hash in str(info.value)
    finally:
        _set_mining(w3, True)
    if not is_ganache(w3):
        chain_rpc(w3, "evm_mine")  # Anvil mines what waits in the pool on the next block
    assert maker_client.wait(pending.tx_hash, timeout=10).status == 1  # the same hash, waited again


def test_confirmations_wait_for_that_many_blocks_on_top(maker_client, w3):
    receipt = maker_client.parts.register_part(to_bytes32("PN-SDK"), to_bytes32("CF-1"), ZERO32)
    done = threading.Event()
    result = {}

    def waiter():
        result["receipt"] = maker_client.wait(receipt.tx_hash, confirmations=2, timeout=20)
        done.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    chain_rpc(w3, "evm_mine")
    assert not done.wait(0.3)  # one block on top: not yet
    chain_rpc(w3, "evm_mine")
    assert done.wait(10)
    thread.join()
    assert result["receipt"].block_number == receipt.block_number
    assert w3.eth.block_number >= receipt.block_number + 2
    with pytest.raises(exceptions.TransactionTimeout) as info:
        maker_client.wait(receipt.tx_hash, confirmations=50, timeout=0.2)
    assert info.value.block_number == receipt.block_number and "not 50 blocks deep" in str(info.value)


def test_a_read_only_client_calls_views_and_refuses_writes(reader, maker_client):
    pid = register(maker_client, "RO-1")
    assert reader.parts.owner_of(pid) == maker_client.address
    assert reader.address is None
    with pytest.raises(exceptions.NoSigner) as info:
        reader.parts.register_part(to_bytes32("PN"), to_bytes32("RO-2"), ZERO32)
    assert info.value.action == "PartRegistry.registerPart"
    with pytest.raises(exceptions.NoSigner):
        reader.send(reader.parts.build("useNonce"))
    with pytest.raises(exceptions.NoSigner):
        reader.sign_transfer(pid, maker_client.address)
    assert isinstance(info.value, exceptions.PartLedgerError)


def test_sender_on_its_own_sends_calldata(w3, deployment, key):
    sender = Sender(
        w3,
        Account.from_key(key("maker")),
        contracts={"PartRegistry": (deployment.address("PartRegistry"), deployment.abi("PartRegistry"))},
    )
    parts = deployment["PartRegistry"]
    data = parts.functions.registerPart(to_bytes32("PN-SDK"), to_bytes32("SS-1"), ZERO32)._encode_transaction_data()
    receipt = sender.send(parts.address, bytes.fromhex(data[2:]))
    assert receipt.event("PartRegistered").contract == "PartRegistry"


@pytest.mark.own_chain  # an Anvil of its own (once per `make test`, in the Anvil pass)
def test_a_chain_without_a_base_fee_gets_legacy_transactions(tmp_path):
    """Before London there is no base fee: the sender prices with gasPrice (a type-0 transaction)."""
    from local_chains import Anvil, running

    anvil = Anvil(command=None)
    anvil.command = ["anvil", "--port", str(anvil.port), "--hardfork", "berlin"]
    with running(anvil):
        w3 = anvil.w3
        assert "baseFeePerGas" not in w3.eth.get_block("latest")
        assert set(fee_fields(w3)) == {"gasPrice"}
        account = Account.create()
        anvil.fund(account.address)
        receipt = Sender(w3, account).send(account.address, b"", gas=21_000)
        tx = w3.eth.get_transaction(receipt.tx_hash)
        assert tx["type"] == 0 and tx["gasPrice"] == receipt.effective_gas_price > 0
