"""Red team: a manifest whose contracts are not one suite is refused when it is loaded.

Deployment.load checked the chain, the deploy blocks and that each address holds code, not that
the code is the suite it names: a manifest with two addresses swapped (or contracts of two
deployments mixed) loaded, and every later answer came from the wrong contract. The suite's
contracts name each other (`participants()`, `parts()`), so a load now checks those links."""

import json

import pytest
from brownie import web3
from web3 import Web3

from partledger import exceptions
from partledger.manifest import Deployment
from scripts import deploy


@pytest.fixture(scope="module")
def w3():
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def test_a_manifest_with_two_contracts_swapped_is_refused(w3, suite, tmp_path):
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    contracts = manifest["contracts"]
    contracts["PartRegistry"]["address"], contracts["PartRecords"]["address"] = (
        contracts["PartRecords"]["address"],
        contracts["PartRegistry"]["address"],
    )
    path.write_text(json.dumps(manifest))
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    error = info.value
    assert (error.name, error.link, error.expected) == ("PartRecords", "parts", suite.records.address)
    assert error.found is None  # the registry (under PartRecords' name) has no parts() at all
    assert Deployment.load(w3, path, check_code=False).address("PartRegistry") == suite.records.address  # opt-out


def test_a_manifest_naming_another_registry_is_refused(w3, suite, tmp_path):
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["ParticipantRegistry"]["address"] = suite.records.address  # code, but not it
    path.write_text(json.dumps(manifest))
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    assert (info.value.link, info.value.found) == ("participants", suite.participants.address)


def test_the_suites_own_manifest_loads(w3, suite, tmp_path):
    deployment = Deployment.load(w3, deploy.write_manifest(suite, directory=tmp_path))
    assert deployment.address("PartRegistry") == suite.parts.address
