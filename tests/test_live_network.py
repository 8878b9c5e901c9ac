"""scripts/deploy.py on a network brownie treats as live, the whole path from the command line:
a separate Anvil added with `brownie networks add` as a live network, a deployer key from the
environment (no node account), first deploy, the deployment driven by an integrator through the
SDK and the `partledger` command (the manifest, the node and a key, nothing else), re-run (the
suite is reused), chain restart (the manifest is recognised as another chain instance's and the
suite deployed again)."""

import json
import subprocess

import brownie.network.contract as brownie_contract
import pytest
from eth_account import Account

from helpers import CAST
from local_chains import BIN, ROOT, Anvil, brownie_network, make, project_env, python, running
from partledger import Client
from partledger.ids import to_bytes32
from partledger.manifest import Deployment
from partledger.roles import ADMIN_ROLE
from scripts import deploy
from tools import brownie_cache

pytestmark = pytest.mark.own_chain  # runs its own Anvil: once per `make test`, in the Anvil pass

BROWNIE_CACHE = ROOT / "build" / "deployments" / "31337"


def cached_by_brownie() -> set[str]:
    return {p.name for p in BROWNIE_CACHE.glob("*.json")}


@pytest.fixture(scope="module")
def live():
    """(anvil, network id): a fresh Anvil on a free port, known to brownie as a live network."""
    anvil = Anvil()
    with running(anvil), brownie_network("live", anvil.port) as network_id:
        yield anvil, network_id


def deploy_live(network_id, key, manifests):
    """`make deploy NETWORK=<id>` as a user runs it, the key in PRIVATE_KEY."""
    env = project_env(PRIVATE_KEY=key.to_0x_hex(), PARTLEDGER_DEPLOYMENTS=str(manifests), PARTLEDGER_REDEPLOY="0",
                      PARTLEDGER_KEYSTORE=None)
    done = make("deploy", f"NETWORK={network_id}", env=env)  # the README's command
    assert done.returncode == 0, done.stdout
    for sign_of_trouble in ("Traceback", "Exception in thread", "TypeError", "ContractNotFound"):
        assert sign_of_trouble not in done.stdout, done.stdout
    return done.stdout


def drive_as_an_integrator(anvil, deployer, manifest):
    """The live deployment through the SDK (Client.connect to the manifest the deploy wrote) and
    through the installed `partledger` command configured by the environment alone."""
    maker, airline = Account.create(), Account.create()
    admin = Client.connect(anvil.url, manifest=manifest, private_key=deployer.key)
    for account, who in ((maker, "maker"), (airline, "airline")):
        anvil.fund(account.address)
        admin.participants.onboard(account.address, *CAST[who])

    sdk = Client.connect(anvil.url, manifest=manifest, private_key=maker.key)
    sdk.parts.register_part(to_bytes32("PN-LIVE"), to_bytes32("SDK-1"), bytes(32))
    pid = sdk.part_id(maker.address, "PN-LIVE", "SDK-1")
    sdk.parts.transfer_from(maker.address, airline.address, pid)
    verified = sdk.verify(pid)
    assert verified.genuine and verified.owner == airline.address and verified.manufacturer == maker.address
    assert [o.holder for o in sdk.history(pid).owners] == [maker.address, airline.address]

    env = project_env(PARTLEDGER_RPC_URL=anvil.url, PARTLEDGER_MANIFEST=str(manifest), PARTLEDGER_DEPLOYMENTS=None,
                      PARTLEDGER_PRIVATE_KEY=maker.key.to_0x_hex(), PRIVATE_KEY=None,
                      PYTHONPATH=str(ROOT))  # this checkout's package

    def partledger(*args):
        done = subprocess.run([str(BIN / "partledger"), *args], env=env, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, (done.stdout, done.stderr)
        return done.stdout

    registered = json.loads(partledger("--json", "register", "PN-LIVE", "CLI-1"))
    assert registered["part_id"] == sdk.part_id(maker.address, "PN-LIVE", "CLI-1")
    verified = json.loads(partledger("verify", f"{maker.address}:PN-LIVE:CLI-1", "--json"))
    assert verified["genuine"] is True and verified["owner"] == maker.address
    history = partledger("history", hex(pid))
    assert "made by" in history and airline.address in history


def test_live_deploy_is_clean_is_reused_and_starts_over_on_a_restarted_chain(live, tmp_path):
    anvil, network_id = live
    deployer = Account.create()
    anvil.fund(deployer.address)
    cached_before = cached_by_brownie()
    path = tmp_path / "31337.json"

    # first deploy: no tracebacks from brownie's deployment threads, a manifest that checks out
    out = deploy_live(network_id, deployer.key, tmp_path)
    assert f"Manifest: {path}" in out
    first = Deployment.load(anvil.w3, path)  # chain id, deploy block hashes, code
    registry = first.contract("ParticipantRegistry")
    assert registry.functions.hasRole(ADMIN_ROLE, deployer.address).call()
    assert first.contract("PartRegistry").functions.records().call() == first.address("PartRecords")
    assert cached_by_brownie() == cached_before  # brownie kept no copy of its own
    drive_as_an_integrator(anvil, deployer, path)

    # re-run: the suite is reused, the manifest untouched
    written = path.read_text()
    out = deploy_live(network_id, deployer.key, tmp_path)
    assert f"Reusing the suite in {path}" in out
    for name in deploy.SUITE:
        assert f"{name:20} {first.address(name)}" in out
    assert path.read_text() == written

    # the chain restarts empty: the manifest is another instance's, said so, and replaced
    anvil.restart()
    anvil.fund(deployer.address)
    out = deploy_live(network_id, deployer.key, tmp_path)
    assert f"Not reusing {path}" in out
    assert "was written for another instance of this chain" in out
    assert "Deploying a new suite" in out and f"Manifest: {path}" in out
    second = Deployment.load(anvil.w3, path)
    old, new = json.loads(written)["contracts"], json.loads(path.read_text())["contracts"]
    assert all(old[name]["deployBlockHash"] != new[name]["deployBlockHash"] for name in deploy.SUITE)
    assert second.contract("ParticipantRegistry").functions.hasRole(ADMIN_ROLE, deployer.address).call()
    assert cached_by_brownie() == cached_before


def test_live_deploy_without_a_key_says_how_to_give_one(live, tmp_path):
    _, network_id = live
    env = project_env(PRIVATE_KEY="", PARTLEDGER_KEYSTORE="", PARTLEDGER_DEPLOYMENTS=str(tmp_path))
    done = make("deploy", f"NETWORK={network_id}", env=env)  # the README's command
    assert "No deployer for a live network: set PRIVATE_KEY" in done.stdout
    assert not (tmp_path / "31337.json").exists()


def test_brownie_deployment_records_are_off_only_inside_the_deploy(live):
    add, path = brownie_contract._add_deployment, brownie_contract._DeployedContractBase._deployment_path
    with deploy.no_brownie_deployment_records():
        assert brownie_contract._add_deployment is not add
        assert brownie_contract._DeployedContractBase._deployment_path(object()) is None
    assert brownie_contract._add_deployment is add
    assert brownie_contract._DeployedContractBase._deployment_path is path


def test_a_stale_brownie_cache_is_removed_with_a_message(tmp_path):
    build = tmp_path / "build"
    (build / "deployments" / "31337").mkdir(parents=True)
    (build / "deployments" / "dev").mkdir()
    (build / "deployments" / "5").mkdir()  # brownie makes an empty one on each live connect
    for address in ("0x5FbDB2315678afecb367f032d93F642f64180aa3", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"):
        (build / "deployments" / "31337" / f"{address}.json").write_text("{}")
    (build / "deployments" / "map.json").write_text('{"31337": {}}')
    done = python(str(ROOT / "tools" / "brownie_cache.py"), str(build))
    assert done.returncode == 0
    assert f"Removed brownie's cached deployments in {build / 'deployments' / '31337'} (2 contracts)" in done.stdout
    assert "ContractNotFound" in done.stdout
    assert done.stdout.count("Removed") == 1
    assert sorted(p.name for p in (build / "deployments").iterdir()) == ["5", "dev"]
    assert brownie_cache.clear(build) == []  # nothing left to say
