"""scripts/deploy.py: dependency order, wiring, and the integrator manifest (always written to a
temporary folder: tests never touch the project's deployments/)."""

import json

import brownie
from brownie import Contract, PurchaseOrdersExtension, accounts, chain, web3

from helpers import ADMIN_ROLE, ParticipantStatus, err
from scripts import deploy


def test_suite_is_wired_in_dependency_order(suite):
    assert suite.parts.participants() == suite.participants.address
    assert suite.records.participants() == suite.participants.address
    assert suite.records.parts() == suite.parts.address
    assert suite.parts.records() == suite.records.address
    assert suite.parts.permissioned() is True
    # the financing pillar: the bridge, the orders' door into the receivables, a settlement token
    assert suite.parts.financing() == suite.orders.address
    assert suite.orders.receivables() == suite.receivables.address
    for contract in (suite.orders, suite.receivables):
        assert contract.parts() == suite.parts.address
        assert contract.participants() == suite.participants.address
        assert contract.tokenAllowed(suite.stablecoin) is True
    assert suite.stablecoin.decimals() == 6


def test_every_suite_contract_is_under_the_eip170_code_size_limit_without_raising_it(suite):
    """24,576 bytes of runtime code (EIP-170), as deployed (brownie compiles through via-IR)."""
    for name, contract in suite.contracts().items():
        size = len(web3.eth.get_code(contract.address))
        assert 0 < size <= 24_576, (name, size)


def test_the_orders_extension_is_deployed_by_the_orders_contract_with_its_links_and_holds_nothing(suite, admin):
    """PurchaseOrders runs its closing, dispute, assignment and view functions in the extension it
    deployed (same links, so it cannot be swapped); called directly, the extension knows no order."""
    extension = Contract.from_abi("PurchaseOrdersExtension", suite.orders.extension(), PurchaseOrdersExtension.abi)
    assert 0 < len(web3.eth.get_code(extension.address)) <= 24_576
    assert web3.eth.get_transaction_count(suite.orders.address) == 2  # the extension was its one creation
    assert extension.participants() == suite.participants.address and extension.parts() == suite.parts.address
    assert extension.receivables() == suite.receivables.address
    assert extension.order(1)["buyer"] == brownie.ZERO_ADDRESS  # its own storage: empty
    with brownie.reverts(err("OrderNotFound", 1)):
        extension.refundExpired(1, {"from": admin})


def test_deployer_is_the_suites_first_participant_and_admin(suite, admin):
    record = suite.participants.participant(admin)
    assert record["id"] == 1
    assert record["status"] == ParticipantStatus.Active
    assert suite.participants.hasRole(ADMIN_ROLE, admin)


def test_manifest_holds_address_abi_deploy_block_and_its_hash_and_compiler(suite, tmp_path):
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    assert path == tmp_path / f"{chain.id}.json"
    assert manifest["chainId"] == chain.id
    assert manifest["compiler"]["solc"] == "0.8.28"
    assert manifest["compiler"]["evmVersion"] == "shanghai"
    assert manifest["compiler"]["viaIR"] is True
    assert manifest["permissioned"] is True
    for name, contract in suite.contracts().items():
        entry = manifest["contracts"][name]
        assert entry["address"] == contract.address
        assert entry["abi"] == contract.abi
        assert entry["deployBlock"] == contract.tx.block_number
        assert entry["deployBlockHash"] == web3.eth.get_block(contract.tx.block_number)["hash"].to_0x_hex()
        assert entry["deployTx"] == contract.tx.txid
        assert len(web3.eth.get_code(entry["address"])) > 0


def test_a_manifest_without_a_folder_never_lands_in_the_projects_deployments(suite, tmp_path, monkeypatch):
    # conftest points PARTLEDGER_DEPLOYMENTS at a session folder for every test
    path = deploy.write_manifest(suite)
    assert deploy.ROOT not in path.resolve().parents
    monkeypatch.setenv("PARTLEDGER_DEPLOYMENTS", str(tmp_path / "elsewhere"))
    assert deploy.write_manifest(suite) == tmp_path / "elsewhere" / f"{chain.id}.json"
    monkeypatch.delenv("PARTLEDGER_DEPLOYMENTS")
    assert deploy.manifest_path(chain.id) == deploy.ROOT / "deployments" / f"{chain.id}.json"  # the default


def test_existing_deployment_is_reused_from_the_manifest(suite, tmp_path):
    deploy.write_manifest(suite, directory=tmp_path)
    again = deploy.load_existing(chain.id, directory=tmp_path)
    assert again is not None
    assert [c.address for c in again.contracts().values()] == [c.address for c in suite.contracts().values()]
    # built from the manifest's address and ABI, not from brownie's deployment records
    assert all(type(c) is Contract for c in again.contracts().values())
    assert again.parts.records() == suite.records.address


def test_manifest_pointing_at_an_address_without_code_is_not_reused(suite, tmp_path, capsys):
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["PartRegistry"]["address"] = accounts[8].address  # an EOA: no code
    path.write_text(json.dumps(manifest))
    assert deploy.load_existing(chain.id, directory=tmp_path) is None
    out = capsys.readouterr().out
    assert f"Not reusing {path}" in out and f"PartRegistry at {accounts[8].address}" in out
    assert "Deploying a new suite" in out


def test_manifest_of_another_chain_instance_is_not_reused(suite, tmp_path, capsys):
    path = deploy.write_manifest(suite, directory=tmp_path)
    manifest = json.loads(path.read_text())
    block = manifest["contracts"]["ParticipantRegistry"]["deployBlock"]
    manifest["contracts"]["ParticipantRegistry"]["deployBlockHash"] = "0x" + "ab" * 32  # another chain's block
    path.write_text(json.dumps(manifest))
    assert deploy.load_existing(chain.id, directory=tmp_path) is None
    out = capsys.readouterr().out
    assert "was written for another instance of this chain" in out
    assert f"deployed in block {block} 0xabababab" in out


def test_no_manifest_means_nothing_to_reuse(tmp_path):
    assert deploy.load_existing(chain.id, directory=tmp_path) is None


def test_open_mode_is_chosen_at_deployment(open_suite):
    assert open_suite.parts.permissioned() is False


def test_the_settlement_tokens_named_in_the_environment_are_allowed_instead_of_a_test_coin(admin, monkeypatch):
    """PARTLEDGER_SETTLEMENT_TOKENS (README "Deploying to a testnet"): the deploy allows those
    tokens in both financing contracts and adds no TestStablecoin. allowToken probes each token
    with the deployer's TOKEN_PROBE (moved there and back): without it the deploy stops."""
    from brownie import TestStablecoin

    first, second = TestStablecoin.deploy({"from": admin}), TestStablecoin.deploy({"from": admin})
    monkeypatch.setenv(deploy.ENV_SETTLEMENT_TOKENS, f"{first.address}, {second.address}")
    with brownie.reverts(revert_pattern=r"TokenProbeUnfunded: .*, 0, 10000, 10000"):
        deploy.main()
    for token in (first, second):
        token.mint(admin, 10_000, {"from": admin})
    suite = deploy.main()
    assert first.balanceOf(admin) == second.balanceOf(admin) == 10_000  # the probe came back
    assert suite.stablecoin is None and "TestStablecoin" not in suite.contracts()
    for contract in (suite.orders, suite.receivables):
        assert contract.tokenAllowed(first) and contract.tokenAllowed(second)
    monkeypatch.delenv(deploy.ENV_SETTLEMENT_TOKENS)
    default = deploy.main()
    assert default.stablecoin is not None and default.orders.tokenAllowed(default.stablecoin)
    assert not default.orders.tokenAllowed(first)
