"""partledger.manifest: the manifest scripts/deploy.py writes, read back as web3 contracts."""

import json

import pytest
from brownie import accounts, chain, web3
from web3 import Web3

from partledger import exceptions
from partledger._abi import shipped_abi
from partledger.manifest import Deployment
from scripts import deploy


@pytest.fixture
def manifest_dir(tmp_path, monkeypatch):
    """Manifests go to a private folder, which is also where Deployment.load looks by chain id."""
    monkeypatch.setenv("PARTLEDGER_DEPLOYMENTS", str(tmp_path))
    monkeypatch.delenv("PARTLEDGER_MANIFEST", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def w3():
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def test_manifest_gives_working_web3_contracts(w3, suite, manifest_dir):
    deploy.write_manifest(suite)
    deployment = Deployment.load(w3, chain.id, directory=manifest_dir)
    assert deployment.chain_id == chain.id
    assert set(deployment.names) == {
        "ParticipantRegistry", "PartRegistry", "PartRecords", "Receivables", "PurchaseOrders", "TestStablecoin"
    }
    registry = deployment.contract("PartRegistry")
    assert registry.address == suite.parts.address
    assert registry.functions.name().call() == "PartLedger Part"
    assert deployment["PartRecords"].functions.parts().call() == suite.parts.address
    assert deployment.deploy_block("PartRegistry") == suite.parts.tx.block_number
    assert deployment.abis["PartRecords"] == suite.records.abi


def test_manifest_loads_from_a_path(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    deployment = Deployment.load(w3, str(path))
    assert deployment.address("ParticipantRegistry") == suite.participants.address


def test_missing_manifest_is_a_clear_error(w3, manifest_dir):
    with pytest.raises(exceptions.ManifestNotFound) as info:
        Deployment.load(w3, 424242, directory=manifest_dir)
    assert info.value.chain_id == 424242
    assert info.value.path == manifest_dir / "424242.json"
    assert "deploy first" in str(info.value)


def test_missing_contract_is_a_clear_error(w3, suite, manifest_dir):
    deployment = Deployment.load(w3, deploy.write_manifest(suite))
    with pytest.raises(exceptions.ContractNotInManifest) as info:
        deployment.contract("ReceivableLedger")
    assert info.value.name == "ReceivableLedger"
    assert info.value.available == [
        "PartRecords", "PartRegistry", "ParticipantRegistry", "PurchaseOrders", "Receivables", "TestStablecoin"
    ]
    assert isinstance(info.value, exceptions.ManifestError) and isinstance(info.value, exceptions.PartLedgerError)


def test_manifest_of_another_chain_is_refused(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["chainId"] = 11155111
    path.write_text(json.dumps(manifest))
    with pytest.raises(exceptions.ChainMismatch) as info:
        Deployment.load(w3, path)
    assert (info.value.manifest_chain_id, info.value.node_chain_id) == (11155111, chain.id)


def test_address_without_code_is_refused_by_default(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["PartRecords"]["address"] = accounts[8].address
    path.write_text(json.dumps(manifest))
    with pytest.raises(exceptions.NoCodeAtAddress) as info:
        Deployment.load(w3, path)
    assert (info.value.name, info.value.address) == ("PartRecords", accounts[8].address)
    assert Deployment.load(w3, path, check_code=False).address("PartRecords") == accounts[8].address  # opt-out


def test_manifest_records_each_deploy_block_hash(w3, suite, manifest_dir):
    deployment = Deployment.load(w3, deploy.write_manifest(suite))
    for name, contract in suite.contracts().items():
        entry = deployment.entry(name)
        assert entry.deploy_block == contract.tx.block_number
        assert entry.deploy_block_hash == w3.eth.get_block(entry.deploy_block)["hash"].to_0x_hex()


def _snapshot(w3) -> str:
    return w3.provider.make_request("evm_snapshot", [])["result"]


def _revert(w3, snapshot: str) -> None:
    assert w3.provider.make_request("evm_revert", [snapshot])["result"] is True


def test_manifest_of_a_restarted_chain_is_refused_as_another_instance(w3, admin, manifest_dir):
    """Same chain id, same block numbers, other blocks: the chain the manifest was written for
    is gone. Reverting to a snapshot and mining again stands in for a local chain restarting."""
    snapshot = _snapshot(w3)
    fresh = deploy.deploy_suite(admin)
    path = deploy.write_manifest(fresh)
    block = fresh.participants.tx.block_number
    recorded = Deployment.load(w3, path).entry("ParticipantRegistry").deploy_block_hash
    _revert(w3, snapshot)
    chain.mine(10)  # the chain moves past the deploy blocks again, with other blocks
    with pytest.raises(exceptions.StaleManifest) as info:
        Deployment.load(w3, path)
    exc = info.value
    assert (exc.path, exc.name, exc.block, exc.expected) == (path, "ParticipantRegistry", block, recorded)
    assert exc.found == w3.eth.get_block(block)["hash"].to_0x_hex() != recorded
    assert isinstance(exc, exceptions.ManifestError)
    assert "written for another instance of this chain" in str(exc) and "deploy the suite again" in str(exc)


def test_manifest_ahead_of_the_chain_is_refused_as_another_instance(w3, admin, manifest_dir):
    snapshot = _snapshot(w3)
    fresh = deploy.deploy_suite(admin)
    path = deploy.write_manifest(fresh)
    _revert(w3, snapshot)  # the node has not reached the deploy blocks
    with pytest.raises(exceptions.StaleManifest) as info:
        Deployment.load(w3, path)
    assert info.value.found is None
    assert f"block {info.value.block} does not exist yet" in str(info.value)
    assert Deployment.load(w3, path, check_blocks=False, check_code=False).address("PartRegistry") == fresh.parts.address


def test_manifest_without_block_hashes_is_checked_by_code(w3, suite, manifest_dir):
    """Manifests written before block hashes were recorded still load (code is still checked)."""
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    for entry in manifest["contracts"].values():
        del entry["deployBlockHash"]
    path.write_text(json.dumps(manifest))
    assert Deployment.load(w3, path).address("PartRegistry") == suite.parts.address


def test_load_without_a_path_finds_the_manifest_of_the_nodes_chain(w3, suite, manifest_dir, tmp_path, monkeypatch):
    path = deploy.write_manifest(suite)
    assert Deployment.load(w3).path == path  # $PARTLEDGER_DEPLOYMENTS/<chainId>.json
    elsewhere = tmp_path / "copy.json"
    elsewhere.write_text(path.read_text())
    monkeypatch.setenv("PARTLEDGER_MANIFEST", str(elsewhere))
    assert Deployment.load(w3).path == elsewhere  # $PARTLEDGER_MANIFEST wins


def test_participant_names_come_from_the_registrys_logs(w3, suite, maker, airline, manifest_dir):
    names = Deployment.load(w3, deploy.write_manifest(suite)).participant_names(chunk=3)
    assert names[maker.address] == "Turbine Works"
    assert names[airline.address] == "Blue Sky Airlines"


def test_deployment_makes_errors_readable_with_its_abis(w3, suite, manifest_dir):
    deployment = Deployment.load(w3, deploy.write_manifest(suite))
    with pytest.raises(exceptions.PartNotFound) as info:
        with deployment.readable_errors(contract="PartRecords"):
            deployment["PartRecords"].functions.eventCount(0).call()
            deployment["PartRecords"].functions.recordUsage(5, 1, 1).call({"from": suite.participants.accountOf(1)})
    assert info.value.args == {"partId": 5}
    assert info.value.contract == "PartRecords"
    assert info.value.explanation == "the part is not registered"


def test_manifest_without_abis_uses_the_abis_the_package_ships(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    for entry in manifest["contracts"].values():
        del entry["abi"]
    path.write_text(json.dumps(manifest))
    deployment = Deployment.load(w3, path)
    assert deployment.abis["PartRecords"] == shipped_abi("PartRecords")  # partledger/abi/PartRecords.json
    assert deployment["PartRecords"].functions.parts().call() == suite.parts.address
    with pytest.raises(exceptions.PartNotFound):
        with deployment.readable_errors():
            deployment["PartRegistry"].functions.rootOwnerOf(123).call()


def test_contract_without_an_abi_the_package_does_not_ship_is_a_clear_error(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["SettlementToken"] = {"address": suite.parts.address}  # no "abi", nothing shipped
    path.write_text(json.dumps(manifest))
    with pytest.raises(exceptions.ABINotFound) as info:
        Deployment.load(w3, path)
    assert (info.value.name, info.value.path) == ("SettlementToken", path)
    assert isinstance(info.value, exceptions.ManifestError)
    assert "ships none for 'SettlementToken'" in str(info.value)


def test_load_with_nothing_to_go_by_is_a_named_error(manifest_dir):
    with pytest.raises(exceptions.ManifestNotGiven) as info:
        Deployment.load(None)
    assert isinstance(info.value, TypeError)  # what it raised before it had a name
