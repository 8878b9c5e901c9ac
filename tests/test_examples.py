"""What the README shows, runs: every Python block of the README is one of examples/, quoted
byte for byte, and each example runs as written (a subprocess, web3.py + partledger only, local
keys from the environment) against a deployed suite."""

import json
import re
import subprocess

import pytest
from brownie import web3

from helpers import SB, new_key_account, register_part
from local_chains import ROOT, project_env, python
from partledger import lot_part_id, part_id, to_bytes32
from partledger.bulk import read_bom
from partledger.merkle import LotTree
from partledger.roles import MANUFACTURER_ROLE
from scripts import deploy

EXAMPLES = ROOT / "examples"
README_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)
README_JS_BLOCK = re.compile(r"^```js\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def readme_blocks() -> list[str]:
    return README_BLOCK.findall((ROOT / "README.md").read_text())


def test_every_python_block_of_the_readme_is_an_example_file_quoted_exactly():
    blocks = readme_blocks()
    assert blocks, "the README shows no Python"
    quoted = {}
    for block in blocks:
        claim = re.match(r"# (examples/\w+\.py)\n", block)
        assert claim, f"a README block is no example file (first line: {block.splitlines()[0]!r})"
        name = claim.group(1)
        assert block == (ROOT / name).read_text(), f"README's {name} differs from the file"
        quoted[name] = block
    assert sorted(quoted) == sorted(f"examples/{p.name}" for p in EXAMPLES.glob("*.py"))
    assert len(quoted) == len(blocks)  # each file quoted once


def test_every_javascript_block_of_the_readme_is_an_example_file_quoted_exactly():
    blocks = README_JS_BLOCK.findall((ROOT / "README.md").read_text())
    names = [re.match(r"// (examples/[\w.]+\.js)\n", block).group(1) for block in blocks]
    assert sorted(names) == sorted(f"examples/{p.name}" for p in EXAMPLES.glob("*.js"))
    for name, block in zip(names, blocks):
        assert block == (ROOT / name).read_text(), f"README's {name} differs from the file"


def test_the_readmes_bom_csv_is_the_sample_file_quoted_exactly():
    (block,) = re.findall(r"^```csv\n(.*?)^```$", (ROOT / "README.md").read_text(), re.DOTALL | re.MULTILINE)
    assert block == (EXAMPLES / "bom_sample.csv").read_text()


def test_merkle_lot_example_round_trips_through_openzeppelins_tool(tmp_path):
    lot_file = tmp_path / "lot-7.json"
    done = python("-m", "examples.merkle_lot", env=project_env(LOT_FILE=str(lot_file)))
    assert done.returncode == 0, done.stdout
    root = re.search(r"root (0x[0-9a-f]{64})", done.stdout).group(1)
    oz = subprocess.run(["node", str(EXAMPLES / "merkle_lot.js")], env=project_env(LOT_FILE=str(lot_file)),
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert oz.returncode == 0, oz.stderr
    oz_root, oz_proof = oz.stdout.split(" ", 1)
    assert oz_root == root  # OpenZeppelin reads partledger's dump and finds the same tree
    lot = LotTree.load(json.loads(lot_file.read_text()))
    assert ["0x" + node.hex() for node in lot.proof("F-00042")] == json.loads(oz_proof)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_examples_use_only_the_sdk_and_local_keys(path):
    source = path.read_text()
    imported = set(re.findall(r"^(?:from|import) ([\w.]+)", source, re.MULTILINE))
    assert {name.split(".")[0] for name in imported} <= {"os", "sys", "json", "pathlib", "partledger"}
    assert "8545" not in source  # the node is the environment's (Client.from_env), never hard-wired
    assert "accounts" not in source  # no node accounts: keys are local
    assert "PARTLEDGER_KEY" not in source.replace("PARTLEDGER_PRIVATE_KEY", "")  # the old variable is gone
    if "partledger.merkle" not in imported:  # an on-chain example: one client, configured by the environment
        assert source.count("Client.from_env()") == 1


@pytest.fixture(scope="module")
def manifest(suite, tmp_path_factory):
    return deploy.write_manifest(suite, directory=tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="module")
def keyed_maker(participants, admin):
    """An accredited manufacturer whose private key the tests hold (the SDK signs with it)."""
    account = new_key_account("example-maker", funder=admin, ether=10)
    participants.onboard(account, "Keyed Engine Works", "MFR-KEY-1", [MANUFACTURER_ROLE], {"from": admin})
    return account


@pytest.fixture(scope="module")
def relayer(admin):
    """A funded local key that is no participant: anyone may relay a signed order."""
    return new_key_account("example-relayer", funder=admin)


def run_example(name, manifest, **env):
    """`python -m examples.<name>` as the README shows it, pointed at the test chain."""
    return python("-m", f"examples.{name}", env=project_env(
        PARTLEDGER_RPC_URL=web3.provider.endpoint_uri, PARTLEDGER_MANIFEST=str(manifest), **env))


def key(account) -> str:
    return str(account.private_key)


def test_verify_part_example_tells_genuine_from_counterfeit(manifest, parts, maker):
    pid = register_part(parts, maker, "ESN-4711", "CFM-56")
    done = run_example("verify_part", manifest, MANUFACTURER=maker.address, PART_NUMBER="CFM-56", SERIAL="ESN-4711")
    assert done.returncode == 0, done.stdout
    assert done.stdout == f"part {pid:#066x}: genuine, InService, made by {maker.address}, owner {maker.address}\n"
    done = run_example("verify_part", manifest, MANUFACTURER=maker.address, PART_NUMBER="CFM-56", SERIAL="ESN-0666")
    fake = part_id(maker.address, "CFM-56", "ESN-0666")
    assert done.stdout == f"part {fake:#066x}: NOT GENUINE, no accredited manufacturer registered it\n"


def test_transfer_part_example_moves_the_part_with_a_local_key(manifest, parts, maker, keyed, airline):
    pid = register_part(parts, maker, "SN-EX-1")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    done = run_example("transfer_part", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed), PART=hex(pid), TO=airline.address)
    assert done.returncode == 0, done.stdout
    assert f"part {pid:#066x} now belongs to {airline.address} (block " in done.stdout
    assert parts.ownerOf(pid) == airline


def test_transfer_part_example_names_the_refusal(manifest, parts, maker, keyed, airline):
    pid = register_part(parts, maker, "SN-EX-2")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    parts.recallPart(pid, SB, {"from": maker})
    done = run_example("transfer_part", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed), PART=str(pid), TO=airline.address)
    assert done.returncode == 1
    assert done.stdout.startswith(f"refused, the part is recalled: PartSuspect(partId={hex(pid)[:10]}…): ")
    assert parts.ownerOf(pid) == keyed


def test_signed_transfer_example_relays_the_owners_order(manifest, parts, maker, keyed, airline, relayer):
    pid = register_part(parts, maker, "SN-EX-3")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    nonce = parts.nonces(keyed)
    done = run_example("signed_transfer", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed), PARTLEDGER_RELAYER_KEY=key(relayer),
                       PART=hex(pid), TO=airline.address)
    assert done.returncode == 0, done.stdout
    assert f"part {pid:#066x}: {keyed.address} -> {airline.address}, order nonce {nonce}, relayed by {relayer.address}" in done.stdout
    assert parts.ownerOf(pid) == airline
    assert parts.nonces(keyed) == nonce + 1


def test_provenance_example_prints_the_history_from_logs(manifest, parts, maker, keyed, airline):
    pid = register_part(parts, maker, "SN-EX-4")
    parts.transferFrom(maker, airline, pid, {"from": maker})
    done = run_example("provenance", manifest, PART=hex(pid))
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith(f"2 changes of owner; owner now {airline.address}; 0 parts installed\n")
    assert f"Part PN-100 SN-EX-4 ({hex(pid)[:10]}" in done.stdout
    assert "Turbine Works" in done.stdout and "Blue Sky Airlines" in done.stdout


def bom_ids(maker, parts):
    """{PN/SERIAL: part id} of the sample BOM's parts as the registry names them (lot parts by their lot)."""
    lots = {(bytes(log.args.partNumber), bytes(log.args.lotNumber)): log.args.lotId
            for log in parts.events.get_sequence(0, event_type="LotAnchored") if log.args.manufacturer == maker}
    ids = {}
    for row in read_bom(EXAMPLES / "bom_sample.csv"):
        if row.lot is None:
            ids[row.key] = part_id(maker.address, row.part_number, row.serial)
        elif row.parent is not None:  # an assembled lot serial is claimed: a part of its own
            lot = lots[(to_bytes32(row.part_number), to_bytes32(row.lot))]
            ids[row.key] = lot_part_id(maker.address, row.part_number, row.serial, lot)
    return ids


def test_bulk_bom_example_registers_the_sample_bom_and_sends_nothing_twice(manifest, parts, keyed_maker):
    done = run_example("bulk_bom", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed_maker))
    assert done.returncode == 0, done.stdout
    first = re.match(r"9 parts: (\d+) transactions, ([\d,]+) gas, 0 steps already on chain\n", done.stdout)
    assert first, done.stdout
    # 4 batches + 1 lot + 2 claims, then one installParts per parent and level: far fewer than 18 rows' worth
    assert 7 < int(first.group(1)) < 18
    ids = bom_ids(keyed_maker, parts)
    assert len(ids) == 9
    engine, fan = ids["CFM-56/ESN-700001"], ids["FAN-MOD-3/FM-0201"]
    assert all(parts.ownerOf(pid) in (keyed_maker, parts) for pid in ids.values())  # installed parts: the registry
    assert parts.verifyPart(fan)["parent"] == engine
    for child in ("BLADE-22/BL-301", "NAS-1149/F-10001", "NAS-1149/F-10002"):
        assert parts.verifyPart(ids[child])["parent"] == fan
        assert parts.verifyPart(ids[child])["root"] == engine
    assert parts.verifyPart(ids["BLADE-22/BL-304"])["parent"] == 0  # a spare
    assert "CFM-56/ESN-700001\n├── FAN-MOD-3/FM-0201\n│   ├── BLADE-22/BL-301\n" in done.stdout
    assert "│   └── NAS-1149/F-10002\n└── HPT-NGV/NGV-6001\nBLADE-22/BL-304\n" in done.stdout
    assert "FAILED" not in done.stdout

    again = run_example("bulk_bom", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed_maker))  # resumed from the chain
    assert again.returncode == 0, again.stdout
    assert re.match(r"9 parts: 0 transactions, 0 gas, \d+ steps already on chain\n", again.stdout), again.stdout


def test_integrator_example_runs_end_to_end_through_the_client(manifest, parts, keyed_maker, airline, relayer):
    done = run_example("integrator", manifest, PARTLEDGER_PRIVATE_KEY=key(keyed_maker),
                       PARTLEDGER_RELAYER_KEY=key(relayer), TO=airline.address, SERIAL="ESN-424242")
    assert done.returncode == 0, done.stdout
    engine = part_id(keyed_maker.address, "CFM-56", "ESN-424242")
    fan = part_id(keyed_maker.address, "FAN-MOD-3", "FM-ESN-424242")
    spare = part_id(keyed_maker.address, "HPT-NGV", "NGV-ESN-424242")
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"registered engine {engine:#066x}, its fan module and a spare (")
    assert lines[1] == f"fan module: genuine True, InService, installed in {engine:#x}, owner {keyed_maker.address}"
    assert lines[2].startswith(f"engine sold to {airline.address} in block ")
    assert lines[3].startswith(f"spare handed over by signed order 0, relayed by {relayer.address} (")
    assert lines[4] == f"replay refused: InvalidSignature, owner now {airline.address}"
    assert lines[5] == f"engine: 2 changes of owner, owner now {airline.address}"
    assert lines[6:] == ["engine ESN-424242", "└── fan module FM-ESN-424242"]
    assert parts.ownerOf(engine) == airline and parts.ownerOf(spare) == airline
    assert parts.verifyPart(fan)["root"] == engine and parts.nonces(keyed_maker) == 1


def test_examples_refuse_a_manifest_of_another_chain_instance(manifest, tmp_path, maker):
    stale = tmp_path / "stale.json"
    stale.write_text(manifest.read_text().replace('"deployBlockHash": "0x', '"deployBlockHash": "0xdead', 1))
    done = run_example("verify_part", stale, MANUFACTURER=maker.address, PART_NUMBER="X", SERIAL="Y")
    assert done.returncode != 0
    assert "StaleManifest" in done.stdout and "written for another instance of this chain" in done.stdout
