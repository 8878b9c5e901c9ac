"""`make chain` and `make demo`: a persistent local Anvil whose state survives a restart, the demo
on it (the suite and its manifest stay, the report's figures and ids are the chain's), and the
demo on its own (a chain that stops with it leaves no manifest behind)."""

import re

import pytest

from local_chains import Anvil, brownie_network, free_port, make, project_env, running
from partledger import part_id
from partledger.manifest import Deployment

pytestmark = pytest.mark.own_chain  # runs its own Anvil: once per `make test`, in the Anvil pass

ENGINE = ("CFM-56", "ESN-889101")
BLADES = ("BLADE-22", [f"BL-{i:03d}" for i in range(1, 5)])


def make_chain(port, state) -> Anvil:
    """`make chain` on `port`, its state in `state` (-o: a test never runs the npm set-up)."""
    command = ["make", "-s", "-o", ".make/node", "chain", f"CHAIN_PORT={port}", f"CHAIN_STATE={state}"]
    return Anvil(port, command=command)


@pytest.fixture(scope="module")
def demo_on_chain(tmp_path_factory):
    """The demo run on `make chain`'s Anvil: (chain, network id, manifest folder, state file, output)."""
    folder = tmp_path_factory.mktemp("chain")
    state, manifests = folder / "state" / "anvil.json", folder / "deployments"
    anvil = make_chain(free_port(), state)
    with running(anvil), brownie_network("attach", anvil.port) as network_id:
        done = make("demo", f"NETWORK={network_id}", env=project_env(PARTLEDGER_DEPLOYMENTS=str(manifests)))
        assert done.returncode == 0, done.stdout
        assert "Traceback" not in done.stdout, done.stdout
        yield anvil, network_id, manifests, state, done.stdout


def test_demo_on_make_chain_keeps_its_manifest_and_prints_its_full_path(demo_on_chain):
    anvil, _, manifests, _, out = demo_on_chain
    path = manifests / "31337.json"
    assert f"manifest for integrators: {path}\n" in out
    suite = Deployment.load(anvil.w3, path)  # the chain is still there: every check passes
    assert suite.contract("PartRegistry").functions.permissioned().call() is True
    assert "Explore: the chain and the suite stay" in out


def test_demo_prints_full_ids_and_each_registrations_own_gas(demo_on_chain):
    anvil, _, manifests, _, out = demo_on_chain
    w3 = anvil.w3
    suite = Deployment.load(w3, manifests / "31337.json")
    parts = suite.contract("PartRegistry")
    turbine, forge = w3.eth.accounts[2], w3.eth.accounts[3]
    engine = part_id(turbine, *ENGINE)
    logs = parts.events.PartRegistered.get_logs(from_block=suite.deploy_block("PartRegistry"),
                                                argument_filters={"partId": engine})
    engine_gas = w3.eth.get_transaction_receipt(logs[0]["transactionHash"])["gasUsed"]
    batch = parts.events.BatchRegistered.get_logs(from_block=suite.deploy_block("PartRegistry"))
    batch_gas = w3.eth.get_transaction_receipt(batch[0]["transactionHash"])["gasUsed"]
    assert engine_gas != batch_gas
    assert re.search(rf"engine CFM-56 ESN-889101 +id 0x{engine:064x}  \({engine_gas:,} gas\)\n", out)
    assert f"blade batch #{batch[0]['args']['batchId']} of 4 BLADE-22 ({batch_gas:,} gas for the batch):" in out
    for serial in BLADES[1]:
        assert re.search(rf"blade BLADE-22 {serial} +id 0x{part_id(forge, BLADES[0], serial):064x}\n", out)
    assert f"make provenance PART=0x{engine:064x}\n" in out


def test_make_chain_reloads_its_state_and_the_deployment_with_it(demo_on_chain):
    anvil, network_id, manifests, state, _ = demo_on_chain
    path = manifests / "31337.json"
    engine = part_id(anvil.w3.eth.accounts[2], *ENGINE)
    head = anvil.w3.eth.block_number
    anvil.restart()  # Ctrl-C (the state is dumped), then `make chain` again (and reloaded)
    assert state.is_file()
    assert anvil.w3.eth.block_number == head
    suite = Deployment.load(anvil.w3, path)  # same code, same deploy block hashes
    info = suite.contract("PartRegistry").functions.verifyPart(engine).call()
    assert info[0] is True  # genuine
    # `make provenance` reaches the reloaded chain and finds the engine's history
    done = make("provenance", f"PART=0x{engine:064x}", f"NETWORK={network_id}",
                env=project_env(PARTLEDGER_DEPLOYMENTS=str(manifests)))
    assert done.returncode == 0, done.stdout
    assert "Part CFM-56 ESN-889101" in done.stdout and "Blue Sky Airlines" in done.stdout


def test_provenance_on_a_fresh_chain_says_the_manifest_is_another_instances(demo_on_chain, tmp_path):
    _, _, manifests, _, _ = demo_on_chain
    fresh = Anvil()
    with running(fresh), brownie_network("attach", fresh.port) as network_id:
        done = make("provenance", "PART=0x01", f"NETWORK={network_id}",
                    env=project_env(PARTLEDGER_DEPLOYMENTS=str(manifests)))
    assert done.returncode != 0
    assert "was written for another instance of this chain" in done.stdout
    assert "Traceback" not in done.stdout


def test_demo_on_its_own_chain_leaves_no_manifest_behind(tmp_path):
    port = free_port()  # nothing listens there: brownie launches an Anvil that stops with the demo
    with brownie_network("development", port) as network_id:
        done = make("demo", f"NETWORK={network_id}", env=project_env(PARTLEDGER_DEPLOYMENTS=str(tmp_path)))
    assert done.returncode == 0, done.stdout
    assert "manifest: none kept, this Anvil stops with the demo (run `make chain` first to keep it)" in done.stdout
    assert "Back-to-birth provenance of the engine" in done.stdout
    assert "Explore" not in done.stdout
    assert list(tmp_path.iterdir()) == []
