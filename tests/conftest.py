"""Shared fixtures: one suite deployed per module, every test isolated by a chain snapshot.
What tests import (constants, err, signing, ...) lives in helpers.py."""

import pytest
from brownie import OZReferenceERC721, accounts, web3

from partledger.manifest import ENV_DIRECTORY
from partledger.provenance.index import ENV_INDEX

from helpers import new_key_account, onboard, register_part
from scripts.deploy import deploy_suite


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    """Every test runs on a chain snapshot that is reverted after it. Anvil keeps the pool's
    transactions across evm_revert: one a test left there (a re-broadcast copy of a transaction
    already mined, a queued one behind a nonce gap) becomes valid again after the revert and is
    mined in a later test, where it takes a nonce. So the pool is emptied before the revert."""
    yield
    if _on_anvil():
        web3.provider.make_request("anvil_dropAllTransactions", [])


def _on_anvil() -> bool:
    return web3.client_version.lower().startswith("anvil")


@pytest.fixture(scope="session", autouse=True)
def manifests_in_a_temporary_folder(tmp_path_factory):
    """Tests never write into the project's deployments/: a manifest written without a folder
    (scripts.deploy.write_manifest, or a script run as a subprocess) lands in a session folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_DIRECTORY, str(tmp_path_factory.mktemp("deployments")))
        yield


@pytest.fixture(scope="session", autouse=True)
def history_indexes_in_a_temporary_folder(tmp_path_factory):
    """Tests never write into the user's cache: a history index opened at its default place
    (Deployment.provenance, `make provenance` run as a subprocess) lands in a session folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_INDEX, str(tmp_path_factory.mktemp("history-index")))
        yield


@pytest.fixture(scope="module")
def admin():
    return accounts[0]


@pytest.fixture(scope="module")
def regulator():
    return accounts[1]


@pytest.fixture(scope="module")
def maker():
    """An accredited manufacturer (engine maker)."""
    return accounts[2]


@pytest.fixture(scope="module")
def maker2():
    """A second manufacturer (a blade supplier)."""
    return accounts[3]


@pytest.fixture(scope="module")
def airline():
    """A plain registered participant: operator of the aircraft."""
    return accounts[4]


@pytest.fixture(scope="module")
def mro():
    """A repair station (MRO)."""
    return accounts[5]


@pytest.fixture(scope="module")
def broker():
    """A plain registered participant: parts broker."""
    return accounts[6]


@pytest.fixture(scope="module")
def financier():
    return accounts[7]


@pytest.fixture(scope="module")
def outsider():
    """Never registered."""
    return accounts[8]


@pytest.fixture(scope="module")
def enforcer():
    """Holds the forced-transfer role."""
    return accounts[9]


@pytest.fixture(scope="module")
def cast_accounts(regulator, maker, maker2, airline, mro, broker, financier, enforcer):
    """The cast every suite onboards, by fixture name (helpers.CAST gives who is who)."""
    return dict(regulator=regulator, maker=maker, maker2=maker2, airline=airline, mro=mro, broker=broker,
                financier=financier, enforcer=enforcer)


def deploy_with_cast(admin, cast_accounts, permissioned):
    s = deploy_suite(admin, permissioned=permissioned)
    onboard(s.participants, admin, **cast_accounts)
    return s


@pytest.fixture(scope="module")
def suite(admin, cast_accounts):
    """The whole suite in permissioned mode, the cast onboarded."""
    return deploy_with_cast(admin, cast_accounts, permissioned=True)


@pytest.fixture(scope="module")
def open_suite(admin, cast_accounts):
    """The suite in open mode (public use): unregistered accounts may hold parts."""
    return deploy_with_cast(admin, cast_accounts, permissioned=False)


@pytest.fixture(scope="module")
def participants(suite):
    return suite.participants


@pytest.fixture(scope="module")
def parts(suite):
    return suite.parts


@pytest.fixture(scope="module")
def records(suite):
    return suite.records


@pytest.fixture(scope="module")
def oz_reference(admin):
    return OZReferenceERC721.deploy({"from": admin})


@pytest.fixture(scope="module")
def keyed(participants, admin):
    """A participant whose private key the tests hold (to sign transfer orders); funded."""
    account = new_key_account("keyed-holder", funder=admin)
    onboard(participants, admin, keyed=account)
    return account


@pytest.fixture
def register(parts, maker):
    """register(serial, part_number='PN-100', by=maker) -> part id (int)."""

    def _register(serial, part_number="PN-100", by=None):
        return register_part(parts, by or maker, serial, part_number)

    return _register
