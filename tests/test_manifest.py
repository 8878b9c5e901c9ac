"""partledger.manifest: the manifest scripts/deploy.py writes, read back as web3 contracts."""

import json

import pytest
from brownie import accounts, chain, web3
from web3 import Web3

from partledger import errors
from partledger.manifest import Deployment
from scripts import deploy


@pytest.fixture
def manifest_dir(tmp_path, monkeypatch):
    """Manifests go to a private folder: other runs share deployments/<chainId>.json."""
    monkeypatch.setattr(deploy, "DEPLOYMENTS", tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def w3():
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def test_manifest_gives_working_web3_contracts(w3, suite, manifest_dir):
    deploy.write_manifest(suite)
    deployment = Deployment.load(w3, chain.id, directory=manifest_dir)
    assert deployment.chain_id == chain.id
    assert set(deployment.names) == {"ParticipantRegistry", "PartRegistry", "PartRecords"}
    registry = deployment.contract("PartRegistry")
    assert registry.address == suite.parts.address
    assert registry.functions.name().call() == "PartLedger Part"
    assert deployment["PartRecords"].functions.parts().call() == suite.parts.address
    assert deployment.deploy_block("PartRegistry") == suite.parts.tx.block_number
    assert deployment.abis["PartRecords"] == suite.records.abi


def test_manifest_loads_from_a_path_and_checks_code(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    deployment = Deployment.load(w3, str(path), check_code=True)
    assert deployment.address("ParticipantRegistry") == suite.participants.address


def test_missing_manifest_is_a_clear_error(w3, manifest_dir):
    with pytest.raises(errors.ManifestNotFound) as info:
        Deployment.load(w3, 424242, directory=manifest_dir)
    assert info.value.chain_id == 424242
    assert info.value.path == manifest_dir / "424242.json"
    assert "deploy first" in str(info.value)


def test_missing_contract_is_a_clear_error(w3, suite, manifest_dir):
    deployment = Deployment.load(w3, deploy.write_manifest(suite))
    with pytest.raises(errors.ContractNotInManifest) as info:
        deployment.contract("ReceivableLedger")
    assert info.value.name == "ReceivableLedger"
    assert info.value.available == ["PartRecords", "PartRegistry", "ParticipantRegistry"]
    assert isinstance(info.value, errors.ManifestError) and isinstance(info.value, errors.PartLedgerError)


def test_manifest_of_another_chain_is_refused(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["chainId"] = 11155111
    path.write_text(json.dumps(manifest))
    with pytest.raises(errors.ChainMismatch) as info:
        Deployment.load(w3, path)
    assert (info.value.manifest_chain_id, info.value.node_chain_id) == (11155111, chain.id)


def test_stale_address_without_code_is_refused_when_checked(w3, suite, manifest_dir):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["PartRecords"]["address"] = accounts[8].address
    path.write_text(json.dumps(manifest))
    assert Deployment.load(w3, path).address("PartRecords") == accounts[8].address  # unchecked: loads
    with pytest.raises(errors.NoCodeAtAddress) as info:
        Deployment.load(w3, path, check_code=True)
    assert (info.value.name, info.value.address) == ("PartRecords", accounts[8].address)


def test_deployment_makes_errors_readable_with_its_abis(w3, suite, manifest_dir):
    deployment = Deployment.load(w3, deploy.write_manifest(suite))
    with pytest.raises(errors.PartNotFound) as info:
        with deployment.readable_errors(contract="PartRecords"):
            deployment["PartRecords"].functions.eventCount(0).call()
            deployment["PartRecords"].functions.recordUsage(5, 1, 1).call({"from": suite.participants.accountOf(1)})
    assert info.value.args == {"partId": 5}
    assert info.value.contract == "PartRecords"
    assert info.value.explanation == "the part is not registered"
