"""partledger.exceptions and partledger.decoding: real reverts of the deployed suite come out as named exceptions carrying
their decoded arguments and the contracts' own explanations."""

import importlib.util
import json
import pickle
from pathlib import Path

import pytest
from brownie import config, web3
from brownie.exceptions import VirtualMachineError
from eth_abi import encode
from eth_utils import keccak
from web3 import Web3
from web3.exceptions import ContractCustomError, ContractLogicError

from helpers import ADMIN_ROLE, ZERO32, b32
from partledger import decoding, exceptions
from partledger._abi import canonical_type, shipped_abi, shipped_abis
from partledger.decoding import decode_revert, raise_for, readable_errors, to_readable
from scripts._brownie import to_readable as brownie_readable

ROOT = Path(__file__).resolve().parent.parent
SOLC_CONFIG = str(config["compiler"]["solc"]["version"])  # brownie-config.yaml


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
    with pytest.raises(exceptions.PartNotFound) as info:
        with readable_errors(contract="PartRegistry"):
            bind(w3, parts).functions.rootOwnerOf(123).call()
    err = info.value
    assert err.name == "PartNotFound"
    assert err.args == {"partId": 123}
    assert err.contract == "PartRegistry"
    assert str(err) == "PartNotFound(partId=123): no part with this id is registered"
    assert isinstance(err.__cause__, ContractCustomError)  # chained to web3's own error
    assert isinstance(err, exceptions.ContractRevertError) and isinstance(err, exceptions.PartLedgerError)


def test_brownies_web3_errors_are_made_readable_too(parts):
    # brownie's web3 raises a ValueError holding the node's payload instead of web3's classes
    with pytest.raises(exceptions.PartNotFound) as info:
        with readable_errors(parts.abi):
            web3.eth.contract(address=parts.address, abi=parts.abi).functions.tokenURI(77).call()
    assert info.value.args == {"partId": 77}


def test_refused_transaction_names_the_unregistered_receiver(w3, parts, maker, outsider, register):
    part_id = register("SN-1")
    with pytest.raises(exceptions.ParticipantNotRegistered) as info:
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
    assert to_readable(info.value) is None  # brownie keeps no revert data: the package cannot read it
    readable = brownie_readable(info.value)  # the brownie glue reads its message
    assert type(readable) is exceptions.NotManufacturerOrRegulator
    assert readable.args == {"partId": part_id, "account": airline.address}
    assert readable.contract == "PartRegistry"
    # the data rebuilt from brownie's message is the node's revert data, byte for byte
    calldata = parts.recallPart.encode_input(part_id, ZERO32)
    with pytest.raises(ValueError) as raw:
        web3.eth.call({"from": airline.address, "to": parts.address, "data": calldata})
    assert readable.data == decoding.revert_data(raw.value)
    assert readable.selector == keccak(text="NotManufacturerOrRegulator(uint256,address)")[:4]


def test_brownie_message_of_an_error_without_arguments_is_read_back(parts, maker, broker, airline, register):
    part_id = register("SN-1")
    with pytest.raises(VirtualMachineError) as info:
        parts.transferFrom(maker, airline, part_id, {"from": broker})  # not approved
    assert info.value.revert_msg.startswith("NotOwnerNorApproved")
    readable = brownie_readable(info.value)
    assert type(readable) is exceptions.NotOwnerNorApproved
    assert readable.args == {}
    assert readable.data == keccak(text="NotOwnerNorApproved()")[:4]


def test_raise_for_converts_and_chains(w3, parts, maker, broker, register):
    part_id = register("SN-1")
    try:
        bind(w3, parts).functions.acceptPart(part_id).call({"from": broker.address})
    except ContractLogicError as exc:
        with pytest.raises(exceptions.NoOpenOffer) as info:
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
    with pytest.raises(exceptions.LifeLimitExceeded) as info:
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

    with pytest.raises(exceptions.PartSuspect) as info:
        with readable_errors(contract="PartRecords"):
            bind(w3, records).functions.recordMaintenance(part_id, b32("WO-1"), True).call({"from": mro.address})
    assert info.value.contract == "PartRecords"
    assert str(info.value) == (
        f"PartSuspect(partId={short(part_id)}): the part is recalled; it cannot return to service until cleared"
    )

    with pytest.raises(exceptions.PartSuspect) as info:
        with readable_errors(contract="PartRegistry"):
            bind(w3, parts).functions.transferFrom(maker.address, airline.address, part_id).call(
                {"from": maker.address}
            )
    assert info.value.args == {"partId": part_id}
    assert str(info.value) == f"PartSuspect(partId={short(part_id)}): the part (or its batch) is recalled / quarantined"


def test_oversized_usage_is_a_named_error_not_a_panic(w3, records, maker, register):
    part_id = register("SN-1")
    with pytest.raises(exceptions.UsageTooLarge) as info:
        with readable_errors():
            bind(w3, records).functions.recordUsage(part_id, 2**64 - 1, 0).call({"from": maker.address})
    assert info.value.args == {
        "partId": part_id,
        "cycles": 2**64 - 1,
        "hours_": 0,
        "maxCycles": 10_000,
        "maxHours": 100_000,
    }
    assert info.value.contract == "PartRecords"


def test_paused_suite_refuses_with_enforced_pause(w3, participants, parts, admin, maker, airline, register):
    part_id = register("SN-1")
    participants.pause({"from": admin})
    with pytest.raises(exceptions.EnforcedPause) as info:
        with readable_errors():
            bind(w3, parts).functions.transferFrom(maker.address, airline.address, part_id).call(
                {"from": maker.address}
            )
    assert info.value.args == {}
    assert str(info.value) == "EnforcedPause(): the operation failed because the contract is paused"


def test_access_control_error_names_the_account_and_the_role(w3, participants, maker, outsider):
    with pytest.raises(exceptions.AccessControlUnauthorizedAccount) as info:
        with readable_errors(participants.abi):
            bind(w3, participants).functions.onboard(outsider.address, "Shady", "X-1", []).call({"from": maker.address})
    assert info.value.args == {"account": maker.address, "neededRole": ADMIN_ROLE}
    assert info.value.contract == "ParticipantRegistry"


def test_call_to_a_missing_function_is_an_unknown_revert_without_data(w3, parts):
    with pytest.raises(exceptions.UnknownRevert) as info:
        with readable_errors():
            w3.eth.call({"to": parts.address, "data": "0x12345678"})
    assert info.value.data == b""
    assert info.value.explanation == "reverted without a reason"


# ------------------------------------------------------------ decoding without a node


def test_error_string_and_unknown_selectors_are_decoded():
    data = bytes.fromhex("08c379a0") + encode(["string"], ["not today"])
    err = to_readable(ContractLogicError("execution reverted: not today", data="0x" + data.hex()))
    assert type(err) is exceptions.RevertMessage
    assert (err.name, err.args) == ("Error", {"message": "not today"})
    assert str(err) == "Error(message='not today'): not today"

    unknown = decode_revert("0xdeadbeef" + "00" * 32)
    assert type(unknown) is exceptions.UnknownRevert
    assert unknown.args == {"selector": bytes.fromhex("deadbeef"), "data": b"\x00" * 32}


def test_a_panic_is_decoded_with_its_code():
    # (the suite's contracts no longer panic on any input: overflowing usage is UsageOverflow)
    data = bytes.fromhex("4e487b71") + encode(["uint256"], [0x11])
    err = to_readable(ContractLogicError("execution reverted", data="0x" + data.hex()))
    assert type(err) is exceptions.Panic
    assert (err.name, err.args) == ("Panic", {"code": 0x11})
    assert str(err) == "Panic(code=0x11): arithmetic overflow or underflow"


def test_an_error_from_a_callers_abi_gets_a_class_and_its_contract():
    abi = [
        {
            "type": "error",
            "name": "LoanOverdue",
            "inputs": [{"name": "loanId", "type": "uint256"}, {"name": "dueAt", "type": "uint64"}],
        }
    ]
    data = keccak(text="LoanOverdue(uint256,uint64)")[:4] + encode(["uint256", "uint64"], [9, 1_700_000_000])
    assert type(decode_revert(data)) is exceptions.UnknownRevert  # the suite does not know it
    err = decode_revert(data, {"Financing": abi})
    assert isinstance(err, exceptions.LoanOverdue)
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
    assert type(copy) is exceptions.NotPartOwner
    assert (copy.name, copy.args, copy.contract, str(copy)) == (err.name, err.args, err.contract, str(err))


# ------------------------------------------------------------ bad input: named errors under the one root


def test_bad_input_raises_named_errors_that_stay_value_and_type_errors():
    from partledger._abi import iter_abis
    from partledger.ids import lot_part_id, to_bytes32
    from partledger.merkle import LotTree, process_multiproof
    from partledger.provenance.index import HistoryIndex
    from partledger.provenance.source import RpcLogSource
    from partledger.tx import NonceManager

    maker = "0x" + "11" * 20
    lot = LotTree("PN-1", ["S1", "S2"])
    cases = [
        (lambda: to_bytes32("x" * 33), exceptions.InvalidIdentifier, ValueError, "1..32 bytes, got 33"),
        (lambda: lot_part_id(maker, "PN", "SN", 0), exceptions.InvalidLotId, ValueError, "lot id must be"),
        (lambda: LotTree("PN-1", []), exceptions.InvalidLot, ValueError, "at least one serial"),
        (lambda: LotTree("PN-1", ["S1", "S1"]), exceptions.InvalidLot, ValueError, "must be unique"),
        (lambda: lot.multiproof(["S1", "S1"]), exceptions.InvalidMultiproof, ValueError, "twice"),
        (lambda: process_multiproof([b"1" * 32], [], [True]), exceptions.InvalidMultiproof, ValueError, "fit"),
        (lambda: LotTree.load({"format": "x"}), exceptions.InvalidTreeDump, ValueError, "unknown tree format"),
        (lambda: lot.proof("S9"), exceptions.SerialNotInLot, KeyError, "not in this lot"),
        (lambda: RpcLogSource(None, chunk=0), exceptions.InvalidChunk, ValueError, "at least 1 block"),
        (
            lambda: HistoryIndex("unused.sqlite", None, chain_id=1, addresses=[maker], confirmations=-1),
            exceptions.InvalidConfirmations,
            ValueError,
            "0 or more",
        ),
        (lambda: NonceManager(None, maker).reserve(0), exceptions.InvalidNonceCount, ValueError, "at least one"),
        (lambda: decode_revert("0xzz"), exceptions.InvalidRevertData, ValueError, "not hex"),
        (lambda: decode_revert(12), exceptions.NotRevertData, TypeError, "bytes or a hex string"),
        (lambda: list(iter_abis({"X": 5})), exceptions.NotAnABI, TypeError, "expected an ABI"),
    ]
    for call, named, builtin, words in cases:
        with pytest.raises(named, match=words) as info:
            call()
        assert isinstance(info.value, exceptions.PartLedgerError) and isinstance(info.value, builtin)
        assert type(info.value).__module__ == "partledger.exceptions"


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


def test_every_suite_error_has_its_generated_class_and_round_trips(suite):
    generated = set(exceptions.CONTRACT_ERRORS)
    seen = 0
    for name, contract in suite.contracts().items():
        if name == "TestStablecoin":
            continue  # a test token, not part of the suite
        for entry in (e for e in contract.abi if e["type"] == "error"):
            cls = getattr(exceptions, entry["name"])
            assert cls in generated, f"{entry['name']} has no generated class"
            types = [canonical_type(p) for p in entry["inputs"]]
            assert cls.signature == f"{entry['name']}({','.join(types)})"
            values = [_sample(t) for t in types]
            data = keccak(text=cls.signature)[:4] + encode(types, values)
            err = decode_revert(data, contract=name)
            assert type(err) is cls
            assert list(err.args) == [p["name"] for p in entry["inputs"]]
            assert err.contract == name
            seen += 1
    assert seen >= 150
    assert {cls.__name__ for cls in generated} == decoding.known_errors()


def _generator():
    spec = importlib.util.spec_from_file_location("gen_catalog", ROOT / "tools" / "gen_catalog.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def test_catalog_matches_the_compiled_contracts():
    gen = _generator()
    from partledger import _catalog

    assert _catalog.ERRORS == gen.build_errors(), "run: python tools/gen_catalog.py"
    assert _catalog.ENUMS == gen.build_enums(), "run: python tools/gen_catalog.py"
    # every error the suite declares itself is explained by its @dev comment
    for contract in ("ParticipantRegistry", "PartRegistry", "PartRecords"):
        for entry in _catalog.ERRORS[contract]:
            assert entry["dev"], f"{contract}.{entry['name']} has no @dev comment"


def test_generated_code_and_shipped_abis_match_what_the_generator_makes_now():
    """_catalog.py, the GENERATED section of exceptions.py, enums.py and abi/*.json."""
    assert _generator().stale() == [], "run: python tools/gen_catalog.py"


def test_shipped_abis_are_the_builds(suite):
    for name in [*suite.contracts(), "IERC20"]:  # the deployed contracts and the token interface
        build = json.loads((ROOT / "build" / "contracts" / f"{name}.json").read_text())
        assert shipped_abi(name) == build["abi"], name
    assert set(shipped_abis()) == {*suite.contracts(), "IERC20"}


def test_generated_exceptions_name_their_compiler_and_sources():
    gen = _generator()
    text = (ROOT / "partledger" / "exceptions.py").read_text()
    assert exceptions.SOLC_VERSION == gen.solc_version() and exceptions.SOLC_VERSION.startswith(SOLC_CONFIG + "+")
    assert exceptions.SOURCES_SHA256 == gen.sources_sha256() and len(exceptions.SOURCES_SHA256) == 64
    header = text.split(gen.BEGIN, 1)[1].split("\n\n", 1)[0]
    assert exceptions.SOLC_VERSION in header and exceptions.SOURCES_SHA256 in header
    # the docstring of a class: the contracts' @dev texts and the Solidity signature
    assert exceptions.PartSuspect.__doc__.split("\n\n") == [
        "PartRecords: The part is recalled; it cannot return to service until cleared.",
        "    PartRegistry: The part (or its batch) is recalled / quarantined.",
        "    ``PartSuspect(uint256 partId)``, declared by PartRecords, PartRegistry.\n    ",
    ]


def test_generator_check_mode_catches_each_kind_of_drift(tmp_path, monkeypatch):
    gen = _generator()
    copies = {}
    for attr in ("CATALOG", "EXCEPTIONS", "ENUMS"):
        copy = tmp_path / getattr(gen, attr).name
        copy.write_text(getattr(gen, attr).read_text())
        monkeypatch.setattr(gen, attr, copy)
        copies[attr] = copy
    abi_dir = tmp_path / "abi"
    abi_dir.mkdir()
    for path in gen.ABI_DIR.glob("*.json"):
        (abi_dir / path.name).write_text(path.read_text())
    monkeypatch.setattr(gen, "ABI_DIR", abi_dir)
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.stale() == []
    assert gen.main(["--check"]) == 0

    edited = copies["EXCEPTIONS"].read_text().replace('signature = "PartSuspect(uint256)"', 'signature = "X()"')
    copies["EXCEPTIONS"].write_text(edited)
    copies["ENUMS"].write_text(copies["ENUMS"].read_text().replace("Suspect = 3", "Suspect = 4"))
    (abi_dir / "PartRegistry.json").write_text("[]\n")
    (abi_dir / "Retired.json").write_text("[]\n")  # no longer generated
    assert gen.stale() == ["exceptions.py", "enums.py", "abi/PartRegistry.json", "abi/Retired.json"]
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0  # rewrites them
    assert gen.stale() == [] and not (abi_dir / "Retired.json").exists()
    assert copies["EXCEPTIONS"].read_text() == (ROOT / "partledger" / "exceptions.py").read_text()
