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
from partledger import part_id
from partledger.merkle import LotTree
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
def test_examples_use_only_web3_partledger_and_local_keys(path):
    source = path.read_text()
    imported = set(re.findall(r"^(?:from|import) ([\w.]+)", source, re.MULTILINE))
    assert {name.split(".")[0] for name in imported} <= {"os", "sys", "json", "pathlib", "web3", "eth_account", "partledger"}
    assert "8545" not in source.replace('"http://127.0.0.1:8545"', "")  # the one default, overridable
    assert "w3.eth.accounts" not in source  # no node accounts
    if "web3" in imported:  # an on-chain example reaches the node the environment names
        assert source.count('os.environ.get("PARTLEDGER_RPC_URL", "http://127.0.0.1:8545")') == 1


@pytest.fixture(scope="module")
def manifest(suite, tmp_path_factory):
    return deploy.write_manifest(suite, directory=tmp_path_factory.mktemp("examples"))


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
    assert done.stdout == f"part {pid:#066x}: genuine, in service, made by {maker.address}, owner {maker.address}\n"
    done = run_example("verify_part", manifest, MANUFACTURER=maker.address, PART_NUMBER="CFM-56", SERIAL="ESN-0666")
    fake = part_id(maker.address, "CFM-56", "ESN-0666")
    assert done.stdout == f"part {fake:#066x}: NOT GENUINE, no accredited manufacturer registered it\n"


def test_transfer_part_example_moves_the_part_with_a_local_key(manifest, parts, maker, keyed, airline):
    pid = register_part(parts, maker, "SN-EX-1")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    done = run_example("transfer_part", manifest, PARTLEDGER_KEY=key(keyed), PART=hex(pid), TO=airline.address)
    assert done.returncode == 0, done.stdout
    assert f"part {pid:#066x} now belongs to {airline.address} (block " in done.stdout
    assert parts.ownerOf(pid) == airline


def test_transfer_part_example_names_the_refusal(manifest, parts, maker, keyed, airline):
    pid = register_part(parts, maker, "SN-EX-2")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    parts.recallPart(pid, SB, {"from": maker})
    done = run_example("transfer_part", manifest, PARTLEDGER_KEY=key(keyed), PART=str(pid), TO=airline.address)
    assert done.returncode == 1
    assert done.stdout.startswith(f"refused, the part is recalled: PartSuspect(partId={hex(pid)[:10]}…): ")
    assert parts.ownerOf(pid) == keyed


def test_signed_transfer_example_relays_the_owners_order(manifest, parts, maker, keyed, airline, relayer):
    pid = register_part(parts, maker, "SN-EX-3")
    parts.transferFrom(maker, keyed, pid, {"from": maker})
    nonce = parts.nonces(keyed)
    done = run_example("signed_transfer", manifest, PARTLEDGER_KEY=key(keyed), PARTLEDGER_RELAYER_KEY=key(relayer),
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


def test_examples_refuse_a_manifest_of_another_chain_instance(manifest, tmp_path, maker):
    stale = tmp_path / "stale.json"
    stale.write_text(manifest.read_text().replace('"deployBlockHash": "0x', '"deployBlockHash": "0xdead', 1))
    done = run_example("verify_part", stale, MANUFACTURER=maker.address, PART_NUMBER="X", SERIAL="Y")
    assert done.returncode != 0
    assert "StaleManifest" in done.stdout and "written for another instance of this chain" in done.stdout
