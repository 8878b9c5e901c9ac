"""partledger.decoding for transactions that were mined and failed: sent with an explicit gas limit,
a transaction is not simulated by the node first, so it is mined with status 0 and web3 raises
nothing. Inside `readable_errors(w3=...)` it raises its decoded error all the same, on Anvil (the
receipt says status 0) and on Ganache (which, as brownie runs it, reports the failed transaction
when it is sent). Plain web3.py clients here; the code under test is partledger."""

import pytest
from brownie import web3
from eth_account import Account
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import Web3RPCError

from helpers import ZERO32, b32, key_of
from partledger import exceptions
from partledger.decoding import raise_for_receipt, readable_errors
from partledger.manifest import ContractEntry, Deployment

GAS = 500_000  # explicit: no estimation, so the node mines whatever it is sent


@pytest.fixture(scope="module")
def w3():
    """A plain web3.py client on the same node: what an integrator has, no brownie inside."""
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def bind(w3, contract):
    return w3.eth.contract(address=contract.address, abi=contract.abi)


def send_failing(w3, tx) -> HexBytes:
    """Send `tx` (which fails on chain) without partledger and wait until it is mined; its hash.

    Call it outside `readable_errors`: the wait reads the receipt, which raises inside a block.
    A node answers `eth_sendTransaction` before its automine has put the transaction in a block
    (seen on a loaded machine), so a receipt read straight after the send may not exist yet."""
    try:
        tx_hash = w3.eth.send_transaction(tx)
    except Web3RPCError as exc:  # Ganache as brownie runs it reports the failure, already mined
        tx_hash = HexBytes(exc.rpc_response["error"]["data"]["hash"])
    w3.eth.wait_for_transaction_receipt(tx_hash)
    return tx_hash


def test_a_transaction_mined_with_status_0_raises_its_decoded_error(w3, parts, maker, outsider, register):
    part_id = register("SN-1")
    registry = bind(w3, parts)
    with pytest.raises(exceptions.ParticipantNotRegistered) as info:
        with readable_errors(w3=w3, contract="PartRegistry"):
            tx_hash = registry.functions.transferFrom(maker.address, outsider.address, part_id).transact(
                {"from": maker.address, "gas": GAS}
            )
            w3.eth.wait_for_transaction_receipt(tx_hash)
    err = info.value
    assert err.args == {"account": outsider.address}
    assert err.contract == "PartRegistry"
    assert str(err) == f"ParticipantNotRegistered(account={outsider.address}): account has no participant record"
    receipt = w3.eth.get_transaction_receipt(err.transaction_hash)  # outside the block: as the node has it
    assert (receipt.status, receipt.transactionHash.to_0x_hex()) == (0, err.transaction_hash)
    assert receipt.gasUsed < GAS  # it reverted; it did not run out of gas
    assert parts.ownerOf(part_id) == maker


def test_a_transaction_signed_with_a_local_key_and_mined_with_status_0_raises_too(
    w3, parts, maker, keyed, outsider, register
):
    part_id = register("SN-2")
    parts.transferFrom(maker, keyed, part_id, {"from": maker})
    owner = Account.from_key(key_of(keyed))
    tx = bind(w3, parts).functions.transferFrom(owner.address, outsider.address, part_id).build_transaction(
        {"from": owner.address, "gas": GAS, "nonce": w3.eth.get_transaction_count(owner.address)}
    )
    signed = owner.sign_transaction(tx)
    with pytest.raises(exceptions.ParticipantNotRegistered) as info:
        with readable_errors(w3=w3):
            w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(signed.raw_transaction))
    assert info.value.args == {"account": outsider.address}
    assert info.value.transaction_hash == signed.hash.to_0x_hex()
    assert parts.ownerOf(part_id) == keyed


def test_the_failure_is_replayed_in_the_state_the_transaction_met(
    w3, participants, parts, admin, maker, outsider, register
):
    """Reading the receipt later, after the chain moved on, names the error the transaction met
    (the receiver was unregistered then), not what the same call would meet now."""
    part_id = register("SN-3")
    call = bind(w3, parts).functions.transferFrom(maker.address, outsider.address, part_id)
    tx_hash = send_failing(w3, call.build_transaction({"from": maker.address, "gas": GAS}))
    participants.onboard(outsider, "Late Joiner", "LATE-1", [], {"from": admin})  # the same call would pass now
    call.call({"from": maker.address})

    receipt = w3.eth.get_transaction_receipt(tx_hash)  # outside a block: nothing raised
    assert receipt.status == 0
    with pytest.raises(exceptions.ParticipantNotRegistered) as info:
        with readable_errors(w3=w3):
            w3.eth.get_transaction_receipt(tx_hash)
    assert info.value.args == {"account": outsider.address}
    with pytest.raises(exceptions.ParticipantNotRegistered):
        raise_for_receipt(w3, receipt)
    with pytest.raises(exceptions.ParticipantNotRegistered):
        raise_for_receipt(w3, tx_hash)


def test_a_transaction_that_ran_out_of_gas_is_out_of_gas(w3, parts, maker):
    register_call = bind(w3, parts).functions.registerPart(b32("PN-100"), b32("SN-OOG"), ZERO32)
    with pytest.raises(exceptions.OutOfGas) as info:
        with readable_errors(w3=w3):
            w3.eth.wait_for_transaction_receipt(register_call.transact({"from": maker.address, "gas": 40_000}))
    assert info.value.args == {"gasUsed": 40_000, "gasLimit": 40_000}
    assert w3.eth.get_transaction_receipt(info.value.transaction_hash).status == 0
    assert parts.balanceOf(maker) == 0


def test_successful_transactions_come_back_unchanged(w3, parts, maker, airline, register):
    part_id = register("SN-4")
    with readable_errors(w3=w3):
        tx_hash = bind(w3, parts).functions.transferFrom(maker.address, airline.address, part_id).transact(
            {"from": maker.address, "gas": GAS}
        )
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
    assert receipt.status == 1
    assert raise_for_receipt(w3, receipt) is receipt
    assert raise_for_receipt(w3, tx_hash).transactionHash == receipt.transactionHash
    assert parts.ownerOf(part_id) == airline


def test_a_contract_given_as_abis_brings_its_web3_and_inner_blocks_keep_it(w3, parts, maker, outsider, register):
    part_id = register("SN-5")
    registry = bind(w3, parts)
    send = registry.functions.transferFrom(maker.address, outsider.address, part_id)
    with pytest.raises(exceptions.ParticipantNotRegistered):
        with readable_errors(registry):  # a web3 Contract: its ABI and its w3
            w3.eth.wait_for_transaction_receipt(send.transact({"from": maker.address, "gas": GAS}))
    with pytest.raises(exceptions.ParticipantNotRegistered) as info:
        with readable_errors(w3=w3):
            with readable_errors(contract="PartRegistry"):  # the outer block's w3 still applies
                w3.eth.wait_for_transaction_receipt(send.transact({"from": maker.address, "gas": GAS}))
    assert info.value.contract == "PartRegistry"


def test_a_deployments_readable_errors_watch_its_web3(w3, parts, maker, outsider, register, tmp_path):
    part_id = register("SN-7")
    entry = ContractEntry("PartRegistry", parts.address, parts.abi)
    suite = Deployment(w3, tmp_path / "suite.json", w3.eth.chain_id, {"PartRegistry": entry})
    registry = suite.contract("PartRegistry")
    with pytest.raises(exceptions.ParticipantNotRegistered):
        with suite.readable_errors():
            tx_hash = registry.functions.transferFrom(maker.address, outsider.address, part_id).transact(
                {"from": maker.address, "gas": GAS}
            )
            w3.eth.wait_for_transaction_receipt(tx_hash)


def test_other_web3_instances_are_not_watched(w3, parts, maker, outsider, register):
    part_id = register("SN-6")
    other = Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))
    call = bind(w3, parts).functions.transferFrom(maker.address, outsider.address, part_id)
    tx_hash = send_failing(w3, call.build_transaction({"from": maker.address, "gas": GAS}))
    with readable_errors(w3=w3):
        assert other.eth.get_transaction_receipt(tx_hash).status == 0  # read through another client
