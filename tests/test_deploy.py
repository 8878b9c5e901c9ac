"""scripts/deploy.py: dependency order, wiring, and the integrator manifest."""

import json

from brownie import accounts, chain, web3

from helpers import ADMIN_ROLE, ParticipantStatus
from scripts import deploy


def test_suite_is_wired_in_dependency_order(suite):
    assert suite.parts.participants() == suite.participants.address
    assert suite.records.participants() == suite.participants.address
    assert suite.records.parts() == suite.parts.address
    assert suite.parts.records() == suite.records.address
    assert suite.parts.permissioned() is True


def test_deployer_is_the_suites_first_participant_and_admin(suite, admin):
    record = suite.participants.participant(admin)
    assert record["id"] == 1
    assert record["status"] == ParticipantStatus.Active
    assert suite.participants.hasRole(ADMIN_ROLE, admin)


def test_manifest_holds_address_abi_deploy_block_and_compiler(suite):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    assert path.name == f"{chain.id}.json"
    assert manifest["chainId"] == chain.id
    assert manifest["compiler"]["solc"] == "0.8.28"
    assert manifest["compiler"]["evmVersion"] == "shanghai"
    assert manifest["permissioned"] is True
    for name, contract in suite.contracts().items():
        entry = manifest["contracts"][name]
        assert entry["address"] == contract.address
        assert entry["abi"] == contract.abi
        assert entry["deployBlock"] == contract.tx.block_number
        assert len(web3.eth.get_code(entry["address"])) > 0


def test_existing_deployment_is_reused_from_the_manifest(suite):
    deploy.write_manifest(suite)
    again = deploy.load_existing(chain.id)
    assert again is not None
    assert again.parts.address == suite.parts.address
    assert again.records.address == suite.records.address


def test_manifest_pointing_at_an_address_without_code_is_not_reused(suite):
    path = deploy.write_manifest(suite)
    manifest = json.loads(path.read_text())
    manifest["contracts"]["PartRegistry"]["address"] = accounts[8].address  # an EOA: no code
    path.write_text(json.dumps(manifest))
    assert deploy.load_existing(chain.id) is None


def test_open_mode_is_chosen_at_deployment(open_suite):
    assert open_suite.parts.permissioned() is False
