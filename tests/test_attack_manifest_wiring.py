"""Red team: a manifest whose contracts are not one suite is refused when it is loaded.

Deployment.load checked the chain, the deploy blocks and that each address holds code, not that
the code is the suite it names: a manifest with two addresses swapped (or contracts of two
deployments mixed) loaded, and every later answer came from the wrong contract. The suite's
contracts name each other (`participants()`, `parts()`), so a load now checks those links."""

import json

import pytest
from brownie import MockOrders, PartRegistry, web3
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
    # the participant registry names its bound part registry, not the records put in its place
    assert (error.name, error.link) == ("ParticipantRegistry", "parts")
    assert (error.expected, error.found) == (suite.records.address, suite.parts.address)
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


def _tampered(suite, tmp_path, name, address, *, strip_abi_of=None):
    """The suite's manifest with `name` pointing at `address` (and, with `strip_abi_of`, that
    contract's ABI left without the link views, as a tamperer would write it)."""
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    manifest["contracts"][name]["address"] = address
    if strip_abi_of:
        entry = manifest["contracts"][strip_abi_of]
        entry["abi"] = [e for e in entry["abi"] if e.get("name") not in ("records", "financing", "orders", "receivables")]
    path.write_text(json.dumps(manifest))
    return path


@pytest.fixture
def echo(suite, admin):
    """A contract that answers participants(), parts() and receivables() as the suite's orders do."""
    return MockOrders.deploy(suite.participants, suite.parts, suite.receivables, {"from": admin})


def test_a_stand_in_for_the_purchase_orders_is_refused(w3, suite, echo, tmp_path):
    path = _tampered(suite, tmp_path, "PurchaseOrders", echo.address)
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    error = info.value
    assert (error.name, error.link) == ("PartRegistry", "financing")
    assert (error.expected, error.found) == (echo.address, suite.orders.address)


def test_a_stand_in_for_the_records_is_refused(w3, suite, echo, tmp_path):
    path = _tampered(suite, tmp_path, "PartRecords", echo.address)
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    assert (info.value.name, info.value.link, info.value.found) == ("PartRegistry", "records", suite.records.address)


def test_a_stand_in_for_the_receivables_is_refused(w3, suite, echo, tmp_path):
    path = _tampered(suite, tmp_path, "Receivables", echo.address)
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    error = info.value
    assert (error.name, error.link) == ("Receivables", "orders")  # the echo has no orders()
    assert error.found is None


def test_an_abi_without_the_link_views_does_not_skip_the_check(w3, suite, echo, tmp_path):
    path = _tampered(suite, tmp_path, "PurchaseOrders", echo.address, strip_abi_of="PartRegistry")
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    assert (info.value.name, info.value.link, info.value.found) == ("PartRegistry", "financing", suite.orders.address)


def test_a_stand_in_for_the_part_registry_is_refused_by_the_participant_registry(w3, suite, admin, tmp_path):
    # A registry of the same participants answers participants() as the real one does; the
    # participant registry names the one part registry its admin bound.
    stand_in = PartRegistry.deploy(suite.participants, True, {"from": admin})
    path = _tampered(suite, tmp_path, "PartRegistry", stand_in.address)
    with pytest.raises(exceptions.MiswiredManifest) as info:
        Deployment.load(w3, path)
    error = info.value
    assert (error.name, error.link) == ("ParticipantRegistry", "parts")
    assert (error.expected, error.found) == (stand_in.address, suite.parts.address)
