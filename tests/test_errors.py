"""partledger.errors: real reverts of the deployed suite come out as named exceptions carrying
their decoded arguments and the contracts' own explanations."""

import importlib.util
import pickle
from pathlib import Path

import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError
from eth_abi import encode
from eth_utils import keccak
from web3 import Web3
from web3.exceptions import ContractCustomError, ContractLogicError

from helpers import ADMIN_ROLE, ZERO32, b32
from partledger import errors
from partledger._abi import canonical_type
from partledger.errors import decode_revert, raise_for, readable_errors, to_readable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def w3():
    """A plain web3.py client on the same node: what an integrator has, no brownie inside."""
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def bind(w3, contract):
    return w3.eth.contract(address=contract.address, abi=contract.abi)


def short(part_id: int) -> str:
    return "0x" + part_id.to_bytes(32, "big")[:4].hex() + "…"


# ------------------------------------------------------------ calls and transactions


def test_call_for_an_unknown_part_raises_part_not_found_with_its_id(w3, parts):
    with pytest.raises(errors.PartNotFound) as info:
        with readable_errors(contract="PartRegistry"):
            bind(w3, parts).functions.rootOwnerOf(123).call()
    err = info.value
    assert err.name == "PartNotFound"
    assert err.args == {"partId": 123}
    assert err.contract == "PartRegistry"
    assert str(err) == "PartNotFound(partId=123): no part with this id is registered"
    assert isinstance(err.__cause__, ContractCustomError)  # chained to web3's own error
    assert isinstance(err, errors.ContractRevertError) and isinstance(err, errors.PartLedgerError)


def test_brownies_web3_errors_are_made_readable_too(parts):
    # brownie's web3 raises a ValueError holding the node's payload instead of web3's classes
    with pytest.raises(errors.PartNotFound) as info:
        with readable_errors(parts.abi):
            web3.eth.contract(address=parts.address, abi=parts.abi).functions.tokenURI(77).call()
    assert info.value.args == {"partId": 77}


def test_refused_transaction_names_the_unregistered_receiver(w3, parts, maker, outsider, register):
    part_id = register("SN-1")
    with pytest.raises(errors.ParticipantNotRegistered) as info:
        with readable_errors():
            bind(w3, parts).functions.transferFrom(maker.address, outsider.address, part_id).transact(
                {"from": maker.address}
            )
    assert info.value.args == {"account": outsider.address}
    assert str(info.value) == f"ParticipantNotRegistered(account={outsider.address}): account has no participant record"
    assert parts.ownerOf(part_id) == maker  # nothing moved


def test_brownie_virtual_machine_error_is_made_readable(parts, maker, airline, register):
    part_id = register("SN-1")
    with pytest.raises(VirtualMachineError) as info:
        parts.recallPart(part_id, ZERO32, {"from": airline})
    readable = to_readable(info.value)
    assert type(readable) is errors.NotManufacturerOrRegulator
    assert readable.args == {"partId": part_id, "account": airline.address}
    assert readable.contract == "PartRegistry"
    # the data rebuilt from brownie's message is the node's revert data, byte for byte
    calldata = parts.recallPart.encode_input(part_id, ZERO32)
    with pytest.raises(ValueError) as raw:
        web3.eth.call({"from": airline.address, "to": parts.address, "data": calldata})
    assert readable.data == errors.revert_data(raw.value)
    assert readable.selector == keccak(text="NotManufacturerOrRegulator(uint256,address)")[:4]


def test_brownie_message_of_an_error_without_arguments_is_read_back(parts, maker, broker, airline, register):
    part_id = register("SN-1")
    with pytest.raises(VirtualMachineError) as info:
        parts.transferFrom(maker, airline, part_id, {"from": broker})  # not approved
    assert info.value.revert_msg.startswith("NotOwnerNorApproved")
    readable = to_readable(info.value)
    assert type(readable) is errors.NotOwnerNorApproved
    assert readable.args == {}
    assert readable.data == keccak(text="NotOwnerNorApproved()")[:4]


def test_raise_for_converts_and_chains(w3, parts, maker, broker, register):
    part_id = register("SN-1")
    try:
        bind(w3, parts).functions.acceptPart(part_id).call({"from": broker.address})
    except ContractLogicError as exc:
        with pytest.raises(errors.NoOpenOffer) as info:
            raise_for(exc)
        assert info.value.__cause__ is exc
        assert info.value.args == {"partId": part_id}
    else:
        pytest.fail("acceptPart without an offer must revert")


def test_error_raised_in_the_records_contract_is_attributed_to_it(w3, parts, records, maker, airline, register):
    engine, blade = register("E-1", "PN-ENG"), register("B-1", "PN-BLADE")
    records.setLifeLimit(blade, 2, 0, {"from": maker})
    records.recordUsage(blade, 2, 5, {"from": maker})
    # the registry calls the records contract, whose error bubbles up unchanged
    with pytest.raises(errors.LifeLimitExceeded) as info:
        with readable_errors(contract="PartRegistry"):
            bind(w3, parts).functions.installPart(blade, engine).transact({"from": maker.address})
    err = info.value
    assert err.args == {"partId": blade, "cycles": 2, "cycleLimit": 2, "hours_": 5, "hourLimit": 0}
    assert err.contract == "PartRecords"
    assert err.explanation == "the part reached its life limit and cannot be installed or returned to service"
    assert parts.parentOf(blade) == 0


def test_shared_error_takes_the_explanation_of_the_contract_called(w3, parts, records, maker, mro, airline, register):
    part_id = register("SN-1")
    parts.assignCustody(part_id, mro, {"from": maker})
    parts.recallPart(part_id, b32("fatigue crack"), {"from": maker})

    with pytest.raises(errors.PartSuspect) as info:
        with readable_errors(contract="PartRecords"):
            bind(w3, records).functions.recordMaintenance(part_id, b32("WO-1"), True).call({"from": mro.address})
    assert info.value.contract == "PartRecords"
    assert str(info.value) == (
        f"PartSuspect(partId={short(part_id)}): the part is recalled; it cannot return to service until cleared"
    )

    with pytest.raises(errors.PartSuspect) as info:
        with readable_errors(contract="PartRegistry"):
            bind(w3, parts).functions.transferFrom(maker.address, airline.address, part_id).call({"from": maker.address})
    assert info.value.args == {"partId": part_id}
    assert str(info.value) == f"PartSuspect(partId={short(part_id)}): the part (or its batch) is recalled / quarantined"


def test_oversized_usage_is_a_named_error_not_a_panic(w3, records, maker, register):
    part_id = register("SN-1")
    with pytest.raises(errors.UsageTooLarge) as info:
        with readable_errors():
            bind(w3, records).functions.recordUsage(part_id, 2**64 - 1, 0).call({"from": maker.address})
    assert info.value.args == {"partId": part_id, "cycles": 2**64 - 1, "hours_": 0, "maxCycles": 10_000,
                               "maxHours": 100_000}
    assert info.value.contract == "PartRecords"


def test_paused_suite_refuses_with_enforced_pause(w3, participants, parts, admin, maker, airline, register):
    part_id = register("SN-1")
    participants.pause({"from": admin})
    with pytest.raises(errors.EnforcedPause) as info:
        with readable_errors():
            bind(w3, parts).functions.transferFrom(maker.address, airline.address, part_id).call({"from": maker.address})
    assert info.value.args == {}
    assert str(info.value) == "EnforcedPause(): the operation failed because the contract is paused"


def test_access_control_error_names_the_account_and_the_role(w3, participants, maker, outsider):
    with pytest.raises(errors.AccessControlUnauthorizedAccount) as info:
        with readable_errors(participants.abi):
            bind(w3, participants).functions.onboard(outsider.address, "Shady", "X-1", []).call({"from": maker.address})
    assert info.value.args == {"account": maker.address, "neededRole": ADMIN_ROLE}
    assert info.value.contract == "ParticipantRegistry"


def test_call_to_a_missing_function_is_an_unknown_revert_without_data(w3, parts):
    with pytest.raises(errors.UnknownRevert) as info:
        with readable_errors():
            w3.eth.call({"to": parts.address, "data": "0x12345678"})
    assert info.value.data == b""
    assert info.value.explanation == "reverted without a reason"


# ------------------------------------------------------------ decoding without a node


def test_error_string_and_unknown_selectors_are_decoded():
    data = bytes.fromhex("08c379a0") + encode(["string"], ["not today"])
    err = to_readable(ContractLogicError("execution reverted: not today", data="0x" + data.hex()))
    assert type(err) is errors.RevertMessage
    assert (err.name, err.args) == ("Error", {"message": "not today"})
    assert str(err) == "Error(message='not today'): not today"

    unknown = decode_revert("0xdeadbeef" + "00" * 32)
    assert type(unknown) is errors.UnknownRevert
    assert unknown.args == {"selector": bytes.fromhex("deadbeef"), "data": b"\x00" * 32}


def test_a_panic_is_decoded_with_its_code():
    # (the suite's contracts no longer panic on any input: overflowing usage is UsageOverflow)
    data = bytes.fromhex("4e487b71") + encode(["uint256"], [0x11])
    err = to_readable(ContractLogicError("execution reverted", data="0x" + data.hex()))
    assert type(err) is errors.Panic
    assert (err.name, err.args) == ("Panic", {"code": 0x11})
    assert str(err) == "Panic(code=0x11): arithmetic overflow or underflow"


def test_an_error_from_a_callers_abi_gets_a_class_and_its_contract():
    abi = [{"type": "error", "name": "LoanOverdue", "inputs": [{"name": "loanId", "type": "uint256"},
                                                                {"name": "dueAt", "type": "uint64"}]}]
    data = keccak(text="LoanOverdue(uint256,uint64)")[:4] + encode(["uint256", "uint64"], [9, 1_700_000_000])
    assert type(decode_revert(data)) is errors.UnknownRevert  # the suite does not know it
    err = decode_revert(data, {"Financing": abi})
    assert isinstance(err, errors.LoanOverdue)
    assert err.args == {"loanId": 9, "dueAt": 1_700_000_000}
    assert err.contract == "Financing"


def test_non_reverts_pass_through_untouched():
    with pytest.raises(KeyError):
        with readable_errors():
            raise KeyError("x")
    original = RuntimeError("boom")
    with pytest.raises(RuntimeError) as info:
        raise_for(original)
    assert info.value is original


def test_readable_errors_survive_pickling(parts):
    data = keccak(text="NotPartOwner(uint256,address,address)")[:4] + encode(
        ["uint256", "address", "address"], [5, "0x" + "11" * 20, "0x" + "22" * 20]
    )
    err = decode_revert(data, contract="PartRegistry")
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is errors.NotPartOwner
    assert (copy.name, copy.args, copy.contract, str(copy)) == (err.name, err.args, err.contract, str(err))


# ------------------------------------------------------------ the catalog stays true to the contracts


def _sample(kind: str):
    if kind.endswith("]"):
        return []
    if kind == "address":
        return "0x" + "ab" * 20
    if kind == "bool":
        return True
    if kind == "string":
        return "text"
    if kind == "bytes":
        return b"\x01"
    if kind.startswith("bytes"):
        return b"\x07" * int(kind[5:])
    return 7


def test_every_suite_error_has_its_class_and_round_trips(participants, parts, records):
    seen = 0
    for contract, name in ((participants, "ParticipantRegistry"), (parts, "PartRegistry"), (records, "PartRecords")):
        for entry in (e for e in contract.abi if e["type"] == "error"):
            cls = getattr(errors, entry["name"])
            assert issubclass(cls, errors.ContractRevertError)
            types = [canonical_type(p) for p in entry["inputs"]]
            values = [_sample(t) for t in types]
            data = keccak(text=f"{entry['name']}({','.join(types)})")[:4] + encode(types, values)
            err = decode_revert(data, contract=name)
            assert type(err) is cls
            assert list(err.args) == [p["name"] for p in entry["inputs"]]
            assert err.contract == name
            seen += 1
    assert seen >= 70


def test_catalog_matches_the_compiled_contracts():
    spec = importlib.util.spec_from_file_location("gen_catalog", ROOT / "tools" / "gen_catalog.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    from partledger import _catalog

    assert _catalog.ERRORS == gen.build_errors(), "run: python tools/gen_catalog.py"
    assert _catalog.ENUMS == gen.build_enums(), "run: python tools/gen_catalog.py"
    # every error the suite declares itself is explained by its @dev comment
    for contract in ("ParticipantRegistry", "PartRegistry", "PartRecords"):
        for entry in _catalog.ERRORS[contract]:
            assert entry["dev"], f"{contract}.{entry['name']} has no @dev comment"
