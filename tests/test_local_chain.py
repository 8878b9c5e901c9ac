"""`make chain` and `make demo`: a persistent local Anvil whose state survives a restart, the demo
on it (the suite and its manifest stay, the report's figures and ids are the chain's), and the
demo on its own (a chain that stops with it leaves no manifest behind)."""

import json
import os
import re
import signal
import socket

import pytest

from local_chains import Anvil, alive, brownie_network, free_port, make, process_tree, project_env, running
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


def test_demo_integrator_steps_go_through_the_sdk(demo_on_chain):
    anvil, _, manifests, _, out = demo_on_chain
    suite = Deployment.load(anvil.w3, manifests / "31337.json")
    parts = suite.contract("PartRegistry")
    airline = anvil.w3.eth.accounts[5]
    # both signed orders (the broker's spare, the ERP's engine) went through one relayer's local key
    signed = parts.events.SignedTransferExecuted.get_logs(from_block=suite.deploy_block("PartRegistry"))
    assert len(signed) == 2 and signed[0]["args"]["relayer"] == signed[1]["args"]["relayer"]
    assert signed[1]["args"]["relayer"] not in anvil.w3.eth.accounts  # a local key, no node account
    plant, engine = signed[1]["args"]["from"], signed[1]["args"]["partId"]
    assert engine == part_id(plant, "CFM-56", "ESN-700001") and signed[1]["args"]["to"] == airline
    fan = part_id(plant, "FAN-MOD-3", "FM-0201")
    info = parts.functions.verifyPart(fan).call()
    assert info[0] is True and info[4] == airline  # genuine, owned (through the engine) by the airline
    section = out[out.index("An ERP integrator through the SDK"):out.index("Retire: a scrapped part")]
    assert "partledger.Client on 31337.json, signing locally as Turbine Works Plant 2\n" in section
    assert re.search(r"examples/bom_sample.csv: 11 rows, 9 parts and 2 unclaimed lot serials; \d+ transactions", section)
    assert "BLADE-22/BL-301: genuine, made by Turbine Works Plant 2, in service, owner Turbine Works Plant 2, " \
           "installed in FAN-MOD-3/FM-0201 (plant 2)\n" in section
    assert "signed order 0 for CFM-56/ESN-700001 to Blue Sky Airlines, relayed (" in section
    assert "CFM-56/ESN-700001: genuine, made by Turbine Works Plant 2, in service, owner Blue Sky Airlines\n" in section
    assert "history: registered in batch #3, owners Turbine Works Plant 2 -> Blue Sky Airlines\n" in section
    tree = ["CFM-56/ESN-700001", "├── FAN-MOD-3/FM-0201", "│   ├── BLADE-22/BL-301", "│   ├── BLADE-22/BL-302",
            "│   ├── BLADE-22/BL-303", "│   ├── NAS-1149/F-10001", "│   └── NAS-1149/F-10002", "└── HPT-NGV/NGV-6001"]
    assert "assembly tree (client.tree):\n" + "".join(f"     {line}\n" for line in tree) in section
    assert "REFUSED  replaying the same signed order: InvalidSignature(partId=" in out


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


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_ctrl_c_on_make_chain_returns_once_the_state_is_saved_and_the_port_free(tmp_path):
    # npm's `anvil` is a node wrapper that exits on Ctrl-C before the binary has dumped its state;
    # with 3,000 blocks to dump, the prompt came back while the old node still held the port
    port, state = free_port(), tmp_path / "anvil.json"
    chain = make_chain(port, state).start()
    chain.w3.provider.make_request("anvil_mine", [hex(3000)])
    head = chain.w3.eth.block_number
    os.killpg(chain.process.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole foreground group
    chain.process.wait(30)  # make has returned: the user has the prompt again
    try:
        assert not listening(port)
        saved = json.loads(state.read_text())["best_block_number"]
        assert (int(saved, 16) if isinstance(saved, str) else saved) == head
    finally:
        chain.stop()


def test_a_stopped_anvil_has_no_process_left_and_its_port_is_free(tmp_path):
    anvil = Anvil(state=tmp_path / "anvil.json").start()  # the npm wrapper, as brownie and scripts run it
    anvil.w3.provider.make_request("anvil_mine", [hex(3000)])
    tree = process_tree(anvil.process.pid)
    assert len(tree) == 2  # the wrapper and the binary it started
    anvil.stop()
    assert alive(tree) == [] and not listening(anvil.port)


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
    assert "9 parts and 2 unclaimed lot serials" in done.stdout  # the SDK ran on a manifest of its own, now gone
    assert "Explore" not in done.stdout
    assert list(tmp_path.iterdir()) == []
