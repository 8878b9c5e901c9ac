"""partledger.provenance.index: the history index keeps the logs it read in SQLite, fetches only
new blocks, notices a chain that replaced blocks and rolls them back, serves a new process
without asking the node for logs again, and loses nothing when Anvil's state is dumped and
reloaded."""

import json
from types import SimpleNamespace

import pytest
from brownie import chain, web3
from web3 import Web3

from helpers import b32
from local_chains import Anvil, free_port, project_env, python, running
from partledger import part_id
from partledger.exceptions import IndexMismatch
from partledger.provenance import HistoryIndex, ProvenanceReader, RpcLogSource
from scripts.bench_tree import deploy_parts, install_all, onboard_manufacturer, register_batches


@pytest.fixture(scope="module")
def w3():
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


@pytest.fixture(scope="module")
def bom(suite, maker):
    """Five blades in a batch, two of them installed in an engine."""
    parts = suite.parts
    start = chain.height + 1
    serials = [b32(f"H-{i}") for i in range(5)]
    parts.registerBatch(b32("PN-H"), serials, b32("spec"), {"from": maker})
    ids = [part_id(maker.address, "PN-H", f"H-{i}") for i in range(5)]
    for child in ids[1:3]:
        parts.installPart(child, ids[0], {"from": maker})
    return SimpleNamespace(start=start, root=ids[0], ids=ids)


def index_of(w3, suite, path, start, chunk=2_000):
    """(index, the node source below it): every eth_getLogs it asks is in `source.ranges`."""
    source = RpcLogSource(w3, chunk=chunk)
    addresses = [suite.parts.address, suite.records.address]
    return HistoryIndex(path, source, chain_id=w3.eth.chain_id, addresses=addresses, from_block=start), source


def reader_of(w3, suite, start, **kwargs):
    return ProvenanceReader(
        w3, suite.parts.address, suite.parts.abi, suite.records.address, suite.records.abi, from_block=start, **kwargs
    )


def test_index_fetches_only_the_blocks_added_since_its_last_sync(w3, suite, bom, tmp_path, maker, airline):
    path = tmp_path / "index.sqlite"
    index, node = index_of(w3, suite, path, bom.start)
    head = w3.eth.block_number
    assert index.sync() > 0 and node.ranges == [(bom.start, head)]
    assert index.sync() == 0 and node.ranges == [(bom.start, head)]  # nothing new: no eth_getLogs

    tx = suite.parts.transferFrom(maker, airline, bom.root, {"from": maker})
    assert index.sync() == len([log for log in tx.logs if log.address in (suite.parts.address, suite.records.address)])
    assert node.ranges[1:] == [(head + 1, tx.block_number)]  # the new block only

    again, fresh_node = index_of(w3, suite, path, bom.start)  # the same file opened again
    reader = reader_of(w3, suite, bom.start, index=again)
    assert reader.history(bom.root).owner == airline
    assert reader.history(bom.ids[1]).owner == airline  # installed: follows its root
    assert fresh_node.ranges == [] and reader.ranges == []
    assert reader.history(bom.root) == reader_of(w3, suite, bom.start).history(bom.root)


def test_one_file_never_mixes_deployments(w3, suite, open_suite, bom, tmp_path):
    path = tmp_path / "index.sqlite"
    index_of(w3, suite, path, bom.start)[0].close()
    other = RpcLogSource(w3)
    with pytest.raises(IndexMismatch) as info:
        HistoryIndex(path, other, chain_id=w3.eth.chain_id, addresses=[open_suite.parts.address], from_block=bom.start)
    assert info.value.path == path and open_suite.parts.address.lower() in info.value.expected


def test_index_rolls_back_the_blocks_the_chain_replaced(w3, suite, bom, tmp_path, maker, airline, broker):
    index, _ = index_of(w3, suite, tmp_path / "index.sqlite", bom.start)
    reader = reader_of(w3, suite, bom.start, index=index)
    assert reader.history(bom.root).owner == maker
    kept = index.synced_to
    parts = w3.eth.contract(address=suite.parts.address, abi=suite.parts.abi)  # web3 alone: brownie
    # would wait for the transactions the revert below undoes

    def send(call, sender):
        w3.eth.wait_for_transaction_receipt(call.transact({"from": sender.address}))

    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    send(parts.functions.transferFrom(maker.address, airline.address, bom.root), maker)
    w3.provider.make_request("evm_mine", [])
    assert reader.history(bom.root).owner == airline
    replaced = index.synced_to

    w3.provider.make_request("evm_revert", [snapshot])  # those blocks never happened
    send(parts.functions.transferFrom(maker.address, broker.address, bom.root), maker)
    history = reader.history(bom.root)
    assert history.owner == broker and [o.holder for o in history.owners] == [maker, broker]
    assert index.rollbacks == [(replaced, kept)]  # back to the last block the chain still has
    assert reader.resets == 1
    assert history == reader_of(w3, suite, bom.start).history(bom.root)


WARM = """
import json, sys
from web3 import Web3
from partledger.provenance import ProvenanceReader
url, parts, records, start, path, ids = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
abi = lambda name: json.load(open(f"build/contracts/{name}.json"))["abi"]
reader = ProvenanceReader(Web3(Web3.HTTPProvider(url)), parts, abi("PartRegistry"), records, abi("PartRecords"),
                          from_block=start, index=path)
pids = [int(i) for i in ids.split(",")]
print(json.dumps({"histories": [repr(reader.history(p)) for p in pids], "tree": repr(reader.assembly(pids[0])),
                  "ranges": reader.ranges}))
"""


def test_a_new_process_reads_the_same_history_from_the_index_without_fetching_logs(w3, suite, bom, tmp_path):
    path = tmp_path / "index.sqlite"
    reader = reader_of(w3, suite, bom.start, index=path)
    histories = [repr(reader.history(pid)) for pid in bom.ids]
    done = python(
        "-c",
        WARM,
        web3.provider.endpoint_uri,
        suite.parts.address,
        suite.records.address,
        str(bom.start),
        str(path),
        ",".join(map(str, bom.ids)),
        env=project_env(),
    )
    assert done.returncode == 0, done.stdout
    warm = json.loads(done.stdout.splitlines()[-1])
    assert warm["ranges"] == []  # no eth_getLogs: everything came from the file
    assert warm["histories"] == histories
    assert warm["tree"] == repr(reader.assembly(bom.root)) == repr(reader_of(w3, suite, bom.start).assembly(bom.root))


@pytest.mark.own_chain
def test_history_survives_an_anvil_state_dump_and_reload(tmp_path):
    state = tmp_path / "anvil-state.json"
    base = ["anvil", "--block-base-fee-per-gas", "0", "--gas-limit", "30000000"]
    port = free_port()
    anvil = Anvil(port, command=[*base, "--port", str(port), "--dump-state", str(state)])
    with running(anvil):
        w3 = anvil.w3
        admin, maker, airline = w3.eth.accounts[0], w3.eth.accounts[2], w3.eth.accounts[4]
        deployment = deploy_parts(w3, admin, permissioned=False)
        onboard_manufacturer(w3, deployment, admin, maker)
        ids = register_batches(w3, deployment, maker, 6)
        install_all(w3, deployment, maker, [(ids[1], ids[0]), (ids[2], ids[1]), (ids[3], ids[0])])
        parts = deployment.contract("PartRegistry")
        w3.eth.wait_for_transaction_receipt(parts.functions.removePart(ids[3]).transact({"from": maker}))
        w3.eth.wait_for_transaction_receipt(
            parts.functions.transferFrom(maker, airline, ids[0]).transact({"from": maker})
        )
        before = deployment.provenance(index=tmp_path / "old.sqlite")
        expected = {pid: before.history(pid) for pid in ids}
        tree = before.assembly(ids[0])
        head = w3.eth.block_number
        before.index.close()
    assert state.is_file()

    reloaded = Anvil(port, command=[*base, "--port", str(port), "--load-state", str(state)])
    with running(reloaded):
        assert reloaded.w3.eth.block_number == head
        deployment.w3 = reloaded.w3
        old = deployment.provenance(index=tmp_path / "old.sqlite")
        fresh = deployment.provenance(index=tmp_path / "fresh.sqlite")
        for reader in (old, fresh):
            assert {pid: reader.history(pid) for pid in ids} == expected
            assert reader.assembly(ids[0]) == tree and tree.part_ids() == [ids[0], ids[1], ids[2]]
        assert old.index.rollbacks == [] and old.ranges == []  # the old index was still right
        assert expected[ids[2]].owner == airline and expected[ids[3]].owner == maker


def test_confirmations_depth_comes_from_the_environment_when_given(monkeypatch):
    from partledger.exceptions import InvalidConfirmations
    from partledger.provenance.index import ENV_CONFIRMATIONS, default_confirmations

    monkeypatch.delenv(ENV_CONFIRMATIONS, raising=False)
    assert (default_confirmations(31337), default_confirmations(11155111)) == (0, 12)
    monkeypatch.setenv(ENV_CONFIRMATIONS, "0")  # a consortium chain with instant finality
    assert default_confirmations(1337042) == 0
    monkeypatch.setenv(ENV_CONFIRMATIONS, "3")
    assert default_confirmations(31337) == 3
    for bad in ("-1", "two", "1.5"):
        monkeypatch.setenv(ENV_CONFIRMATIONS, bad)
        with pytest.raises(InvalidConfirmations, match=ENV_CONFIRMATIONS):
            default_confirmations(1)

