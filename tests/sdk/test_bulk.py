"""partledger.bulk: pipelined registration, transfers, installs and BOMs, with failing items
named and nothing done twice (the SDK over web3.py; brownie only sets the chain up)."""

import pytest
from web3.logs import DISCARD

from partledger import exceptions
from partledger.bulk import BomError, BomRow, DuplicateKey, read_bom
from partledger.ids import part_id, to_bytes32

from bulk_support import bulk_account, deployment, make_bulk, manifest, nonce, w3  # noqa: F401 (fixtures)
from helpers import ZERO32, register_part

PN = "PN-BULK"


def owner(deployment, part):
    return deployment["PartRegistry"].functions.ownerOf(part).call()


def test_register_parts_in_batches_lands_every_serial_once(make_bulk, deployment, bulk_account, w3):
    bulk = make_bulk(chunk_size=16)
    serials = [f"S-{i:03d}" for i in range(60)]
    before = nonce(w3, bulk_account.address)

    result = bulk.register_parts(PN, serials)

    assert sorted(result.ok) == sorted(f"{PN}/{s}" for s in serials)
    assert result.failed == {} and result.skipped == []
    assert len(result.tx_hashes) == 4  # 60 serials, 16 a registerBatch
    assert nonce(w3, bulk_account.address) == before + 4
    for serial in serials:
        assert owner(deployment, part_id(bulk_account.address, PN, serial)) == bulk_account.address
    assert result.gas_used == sum(w3.eth.get_transaction_receipt(h)["gasUsed"] for h in result.tx_hashes)

    again = make_bulk(chunk_size=16).register_parts(PN, serials)  # resumed: everything is done
    assert sorted(again.skipped) == sorted(result.ok) and again.ok == [] and again.tx_hashes == []
    assert nonce(w3, bulk_account.address) == before + 4


def test_single_mode_sends_one_registerPart_per_serial(make_bulk, bulk_account, w3, deployment):
    serials = [f"ONE-{i}" for i in range(30)]
    before = nonce(w3, bulk_account.address)

    result = make_bulk().register_parts(PN, serials, mode="single")

    assert len(result.ok) == 30 and len(result.tx_hashes) == 30
    assert nonce(w3, bulk_account.address) == before + 30
    registry = deployment["PartRegistry"]
    logs = [registry.events.PartRegistered().process_receipt(w3.eth.get_transaction_receipt(h), errors=DISCARD) for h in result.tx_hashes]
    assert sorted(log[0]["args"]["serialNumber"] for log in logs) == sorted(to_bytes32(s) for s in serials)


def test_failing_transfers_are_named_and_the_others_land(make_bulk, bulk_account, deployment, w3, maker, airline, suite, regulator):
    bulk = make_bulk()
    mine = [part_id(bulk_account.address, PN, f"T-{i}") for i in range(40)]
    assert len(bulk.register_parts(PN, [f"T-{i}" for i in range(40)]).ok) == 40
    missing = part_id(bulk_account.address, PN, "NEVER-REGISTERED")
    foreign = register_part(suite.parts, maker, "FOREIGN-1")  # another manufacturer's part
    frozen = mine[25]
    suite.parts.freezePart(frozen, ZERO32, {"from": regulator})
    # the first item fails at the gas estimate (never sent); the others are mined with status 0
    ids = [missing, *mine[:10], foreign, *mine[10:]]
    before = nonce(w3, bulk_account.address)

    result = bulk.transfer_parts(airline.address, ids)

    key = lambda part: f"0x{part:064x}"  # noqa: E731
    assert set(result.failed) == {key(missing), key(foreign), key(frozen)}
    assert isinstance(result.failed[key(missing)], exceptions.PartNotFound)
    assert result.failed[key(missing)].args["partId"] == missing
    assert isinstance(result.failed[key(foreign)], exceptions.IncorrectOwner)
    assert result.failed[key(foreign)].args["owner"] == maker.address
    assert isinstance(result.failed[key(frozen)], exceptions.PartFrozen)
    assert result.failed[key(frozen)].transaction_hash in result.tx_hashes  # mined, then named
    assert sorted(result.ok) == sorted(key(p) for p in mine if p != frozen)
    for part in mine:
        assert owner(deployment, part) == (bulk_account.address if part == frozen else airline.address)
    assert nonce(w3, bulk_account.address) == before + len(ids) - 1  # all but the estimate's failure

    again = make_bulk().transfer_parts(airline.address, ids)  # resumed: only the failing ones are tried again
    assert sorted(again.skipped) == sorted(result.ok)
    assert set(again.failed) == set(result.failed)


def test_a_nonce_held_by_another_pooled_transaction_is_sent_again_not_lost(make_bulk, bulk_account, w3):
    """Another process with the same key has a transaction waiting in the pool at one of the
    nonces bulk mode reserved (a higher fee: ours is "replacement transaction underpriced"). The
    item is sent again at a free nonce; nothing fails, nothing is done twice."""
    start = nonce(w3, bulk_account.address)
    other = bulk_account.sign_transaction(
        {"chainId": w3.eth.chain_id, "nonce": start + 2, "to": bulk_account.address, "value": 0, "gas": 21_000,
         "maxFeePerGas": 100 * 10**9, "maxPriorityFeePerGas": 50 * 10**9}
    )
    # queued behind a gap: nonces start, start+1 are free. (Ganache 7 pools a transaction with a
    # future nonce but answers its broadcast "transaction underpriced": the answer is not read.)
    w3.provider.make_request("eth_sendRawTransaction", [other.raw_transaction.to_0x_hex()])
    serials = [f"HELD-{i}" for i in range(5)]

    result = make_bulk().register_parts(PN, serials, mode="single")

    assert sorted(result.ok) == sorted(f"{PN}/{s}" for s in serials) and result.failed == {}
    assert len(result.tx_hashes) == 5
    assert w3.eth.get_transaction_receipt(other.hash)["status"] == 1  # the other process's transaction mined
    assert nonce(w3, bulk_account.address) == start + 6  # five registrations and the other one


def test_a_failed_batch_is_split_and_its_good_serials_land(make_bulk, bulk_account, deployment):
    serials = [f"B-{i:02d}" for i in range(40)]
    serials[20] = "\x00"  # an all-zero bytes32: EmptyIdentifier, and the whole registerBatch reverts

    result = make_bulk(chunk_size=40).register_parts(PN, serials)

    bad = f"{PN}/\x00"
    assert list(result.failed) == [bad]
    assert isinstance(result.failed[bad], exceptions.EmptyIdentifier)
    assert len(result.ok) == 39
    assert len(result.tx_hashes) == 1 + 39  # the failed batch, then each good serial on its own
    for serial in serials:
        if serial != "\x00":
            assert owner(deployment, part_id(bulk_account.address, PN, serial)) == bulk_account.address


def test_install_parts_names_the_children_that_cannot_go_in(make_bulk, bulk_account, deployment):
    bulk = make_bulk()
    serials = ["ROOT", "OTHER", *[f"C-{i}" for i in range(12)]]
    bulk.register_parts(PN, serials)
    root, other, *children = (part_id(bulk_account.address, PN, s) for s in serials)
    assert bulk.install_parts([(children[3], other)]).ok  # already in another assembly
    pairs = [(child, root) for child in children]

    result = bulk.install_parts(pairs)

    key = f"0x{children[3]:064x}"
    assert list(result.failed) == [key]
    assert isinstance(result.failed[key], exceptions.PartInstalled)
    assert result.failed[key].args["parentId"] == other
    registry = deployment["PartRegistry"]
    for child in children:
        assert registry.functions.parentOf(child).call() == (other if child == children[3] else root)
    assert make_bulk().install_parts(pairs).skipped == [f"0x{c:064x}" for c in children if c != children[3]]


def test_progress_bar_stays_off_when_stderr_is_no_terminal(make_bulk, capfd):
    result = make_bulk(progress=True).register_parts(PN, [f"P-{i}" for i in range(20)])

    assert len(result.ok) == 20
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_duplicate_keys_are_refused_before_anything_is_sent(make_bulk, bulk_account, w3):
    before = nonce(w3, bulk_account.address)
    with pytest.raises(DuplicateKey) as info:
        make_bulk().register_parts(PN, ["D-1", "D-2", "D-1"])
    assert info.value.key == f"{PN}/D-1" and isinstance(info.value, exceptions.PartLedgerError)
    assert nonce(w3, bulk_account.address) == before


BOM_CSV = """part_number,serial,parent,lot
ENG,E-1,,
MOD,M-1,ENG/E-1,
MOD,M-2,ENG/E-1,
SUB,S-1,MOD/M-1,
SUB,S-2,MOD/M-2,
{blades}
BOLT,K-1,SUB/S-1,L-7
BOLT,K-2,SUB/S-2,L-7
BOLT,K-3,,L-7
BOLT,K-4,,L-7
"""


def test_register_bom_builds_the_whole_assembly_and_resumes_to_nothing(make_bulk, bulk_account, deployment, w3, tmp_path):
    blades = "\n".join(f"BLD,B-{i},SUB/S-{1 + i % 2}," for i in range(10))
    path = tmp_path / "bom.csv"
    path.write_text(BOM_CSV.format(blades=blades))
    rows = read_bom(path)

    bulk = make_bulk()
    result = bulk.register_bom(path)

    assert result.failed == {}
    installs = {result.tx_of[key] for key in result.ok if key.startswith("install:")}
    # installParts: one transaction per parent (E-1, M-1, M-2, S-1, S-2); else one per child
    assert len(installs) == (5 if bulk.has_batch_install else 16)
    parts = result.part_ids
    assert set(parts) == {r.key for r in rows} - {"BOLT/K-3", "BOLT/K-4"}  # unclaimed lot serials are no parts
    assert result.roots == ["ENG/E-1"]
    registry = deployment["PartRegistry"].functions
    for row in rows:
        if row.key in parts:
            assert registry.parentOf(parts[row.key]).call() == (parts[row.parent] if row.parent else 0)
            assert registry.rootOwnerOf(parts[row.key]).call() == bulk_account.address
    (lot_id,) = make_bulk().anchored_lots().values()
    assert parts["BOLT/K-1"] == registry.lotPartIdOf(bulk_account.address, to_bytes32("BOLT"), to_bytes32("K-1"), lot_id).call()
    assert registry.verifyPart(parts["ENG/E-1"]).call()[2] == parts["ENG/E-1"]
    before = nonce(w3, bulk_account.address)

    again = make_bulk().register_bom(path)

    assert again.ok == [] and again.failed == {} and nonce(w3, bulk_account.address) == before
    assert len(again.skipped) == len(result.ok)


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("part_number,serial,parent\nA,1,\nA,1,\n", 3, "A/1 appears twice (first on line 2)"),
        ("part_number,serial,parent\nA,1,B/9\n", 2, "parent B/9 is not a row of the BOM"),
        ("part_number,serial,parent\nA,1,A/2\nA,2,A/1\n", 2, "A/1 is installed, through its parents, into itself"),
        ("part_number,serial\nA,1\n", 1, "missing column(s) parent; expected part_number,serial,parent,lot"),
        ("part_number,serial,parent,colour\nA,1,,red\n", 1, "unknown column(s) colour"),
        ("part_number,serial,parent\nA," + "x" * 33 + ",\n", 2, "serial"),
        ("part_number,serial,parent\n,1,\n", 2, "empty part_number"),
    ],
)
def test_a_bom_that_cannot_be_registered_is_refused_with_its_line(tmp_path, text, line, reason):
    path = tmp_path / "bom.csv"
    path.write_text(text)
    with pytest.raises(BomError) as info:
        read_bom(path)
    assert info.value.line == line and reason in info.value.reason
    assert str(path) in str(info.value)


def test_bom_rows_can_be_given_without_a_file(make_bulk, bulk_account, deployment):
    rows = [BomRow("RIG", "R-1"), BomRow("PIN", "P-1", parent="RIG/R-1"), BomRow("PIN", "P-2", parent="RIG/R-1")]
    result = make_bulk().register_bom(rows)
    assert result.failed == {}
    assert deployment["PartRegistry"].functions.parentOf(result.part_ids["PIN/P-2"]).call() == result.part_ids["RIG/R-1"]


def test_a_lot_anchored_twice_resumes_in_the_first(make_bulk, w3):
    """Two anchors of one (part number, lot number, root): a resumed BOM claims from the first lot,
    so a second run never splits one lot's serials across two lots."""
    from partledger.bulk import BulkItem
    from partledger.merkle import LotTree

    bulk = make_bulk()
    tree = LotTree("PN-TWICE", ["T-1", "T-2"])
    data = bulk._fn("anchorLot")(to_bytes32("PN-TWICE"), to_bytes32("LOT-T"), tree.root, len(tree), ZERO32)
    ids = []
    for key in ("anchor:first", "anchor:second"):
        result = bulk.run([BulkItem(key, bulk._registry, data)])
        assert result.ok == [key]
        (log,) = w3.eth.get_transaction_receipt(result.tx_of[key])["logs"]
        ids.append(int.from_bytes(log["topics"][1], "big"))
    assert ids[0] < ids[1]
    anchored = make_bulk().anchored_lots()
    assert anchored[(to_bytes32("PN-TWICE"), to_bytes32("LOT-T"), bytes(tree.root))] == ids[0]


def _set_mining(w3, on: bool) -> None:
    """Automine on or off: Anvil's evm_setAutomine, else Ganache's miner_start/miner_stop."""
    answer = w3.provider.make_request("evm_setAutomine", [on])
    if "error" in answer:
        answer = w3.provider.make_request("miner_start" if on else "miner_stop", [])
    assert "error" not in answer, answer


def test_a_round_that_times_out_leaves_no_nonce_gap(make_bulk, bulk_account, w3):
    """Nothing is mined: a round's window of transactions times out while others are signed but
    not yet sent. Their nonces are given back, so every later transaction can still mine."""
    start = nonce(w3, bulk_account.address)
    serials = [f"GAP-{i}" for i in range(5)]
    _set_mining(w3, False)
    try:
        bulk = make_bulk(window=2, send_batch=2, timeout=1.0, dev_chain=False)
        result = bulk.register_parts(PN, serials, mode="single")
    finally:
        _set_mining(w3, True)
    assert set(result.failed) == {f"{PN}/{s}" for s in serials}
    assert all(isinstance(error, exceptions.ReceiptTimeout) for error in result.failed.values())
    w3.provider.make_request("evm_mine", [])

    assert nonce(w3, bulk_account.address) == start + 5  # all five mined: none queued behind a gap
    again = make_bulk().register_parts(PN, serials, mode="single")
    assert sorted(again.skipped) == sorted(f"{PN}/{s}" for s in serials) and again.tx_hashes == []
