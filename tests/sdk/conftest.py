"""Fixtures of the SDK tests. Brownie only sets the stage: it deploys a suite whose admin and cast
are accounts with known keys (the SDK signs with them) and writes the manifest the way
scripts/deploy.py does, into a temporary folder. The tests then talk to the node through web3.py
and partledger alone (`partledger.Client`), never through brownie."""

from __future__ import annotations

import pytest
from brownie import web3 as brownie_web3
from eth_account import Account

from helpers import key_of, new_key_account, onboard
from partledger import Client
from partledger.client import web3_for
from partledger.manifest import Deployment
from scripts.deploy import deploy_suite, write_manifest

# Who signs in the SDK tests: the suite's admin and the CAST entries (tests/helpers.py) onboarded.
SDK_CAST = ("regulator", "maker", "maker2", "airline", "mro", "broker", "financier", "enforcer", "arbiter")


@pytest.fixture(scope="module")
def sdk_accounts(admin):
    """{who: brownie account with a known key}: "admin" and each of SDK_CAST, funded."""
    return {who: new_key_account(f"sdk/{who}", funder=admin, ether=10) for who in ("admin", *SDK_CAST)}


@pytest.fixture(scope="module")
def sdk_suite(sdk_accounts):
    """The whole suite deployed by the keyed admin (permissioned), the keyed cast onboarded."""
    admin = sdk_accounts["admin"]
    suite = deploy_suite(admin, permissioned=True)
    onboard(suite.participants, admin, **{who: sdk_accounts[who] for who in SDK_CAST})
    return suite


@pytest.fixture(scope="module")
def manifest(sdk_suite, tmp_path_factory):
    """deployments/<chainId>.json of the SDK suite, in a temporary folder."""
    return write_manifest(sdk_suite, directory=tmp_path_factory.mktemp("sdk-deployments"))


@pytest.fixture(scope="module")
def rpc_url():
    """The node brownie started (or attached to) for this run."""
    return brownie_web3.provider.endpoint_uri


@pytest.fixture(scope="module")
def w3(rpc_url):
    """A plain web3.py instance on that node (not brownie's), as Client.connect makes one."""
    return web3_for(rpc_url)


@pytest.fixture(scope="module")
def deployment(w3, manifest):
    return Deployment.load(w3, manifest)


@pytest.fixture(scope="module")
def key(sdk_accounts):
    """key("maker") -> that account's private key (0x-hex)."""
    return lambda who: "0x" + key_of(sdk_accounts[who]).hex()


@pytest.fixture
def client_of(w3, deployment, key):
    """client_of(who, **options) -> a Client signing as `who` (SDK_CAST or "admin"). Built per
    test: a chain snapshot reverted between tests leaves a longer-lived client's nonces stale."""

    def _client(who: str, **options) -> Client:
        return Client(w3, deployment, Account.from_key(key(who)), **options)

    return _client


@pytest.fixture
def maker_client(client_of):
    """The SDK client of an accredited manufacturer."""
    return client_of("maker")


@pytest.fixture
def admin_client(client_of):
    return client_of("admin")


@pytest.fixture
def reader(w3, deployment):
    """A read-only client (no key)."""
    return Client(w3, deployment)
