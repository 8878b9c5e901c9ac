"""The README's testnet guide, run as written on a chain that plays a consortium EVM chain (a
Besu or Quorum network): an Anvil with a chain id of its own and a zero base fee, added with
`brownie networks add` as a live network; `make deploy` with the deployer's key in PRIVATE_KEY;
the manifest in <PARTLEDGER_DEPLOYMENTS>/<chainId>.json; then an integrator who has only the RPC
url and the manifest (PARTLEDGER_RPC_URL, PARTLEDGER_MANIFEST) drives the suite through the SDK."""

import json

import pytest
from eth_account import Account

from local_chains import Anvil, brownie_network, make, project_env, python, running
from partledger import Client
from partledger.roles import MANUFACTURER_ROLE

pytestmark = pytest.mark.own_chain  # runs its own Anvil: once per `make test`, in the Anvil pass

CONSORTIUM_CHAIN_ID = 1_337_042


@pytest.fixture(scope="module")
def consortium():
    """(anvil, network id): chain 1337042 with a zero base fee and a block every second besides the
    transactions' own (a chain whose head moves on), known to brownie as a live network."""
    anvil = Anvil()
    anvil.command = ["anvil", "--port", str(anvil.port), "--chain-id", str(CONSORTIUM_CHAIN_ID),
                     "--block-base-fee-per-gas", "0", "--mixed-mining", "--block-time", "1"]
    with running(anvil), brownie_network("live", anvil.port, chain_id=CONSORTIUM_CHAIN_ID) as network_id:
        yield anvil, network_id


def test_deploy_to_a_chain_of_its_own_id_then_integrate_from_the_manifest_alone(consortium, tmp_path):
    anvil, network_id = consortium
    deployer, maker, buyer, relayer = (Account.create() for _ in range(4))
    for account in (deployer, maker, relayer):  # fresh keys, funded as a consortium's genesis would
        anvil.fund(account.address)

    # make deploy NETWORK=<the network added with `brownie networks add`>, PRIVATE_KEY in the environment
    env = project_env(PRIVATE_KEY=deployer.key.to_0x_hex(), PARTLEDGER_DEPLOYMENTS=str(tmp_path),
                      PARTLEDGER_KEYSTORE=None, PARTLEDGER_REDEPLOY=None)
    done = make("deploy", f"NETWORK={network_id}", env=env)
    assert done.returncode == 0, done.stdout
    manifest = tmp_path / f"{CONSORTIUM_CHAIN_ID}.json"  # deployments/<chainId>.json
    assert f"Manifest: {manifest}\n" in done.stdout
    assert json.loads(manifest.read_text())["chainId"] == CONSORTIUM_CHAIN_ID

    # the integrator's side: the node's url and the manifest, nothing else (no brownie, no node account)
    sdk_env = {"PARTLEDGER_RPC_URL": anvil.url, "PARTLEDGER_MANIFEST": str(manifest)}
    admin = Client.from_env({**sdk_env, "PARTLEDGER_PRIVATE_KEY": deployer.key.to_0x_hex()})
    admin.participants.onboard(maker.address, "Consortium Engine Works", "MFR-C-1", [MANUFACTURER_ROLE])
    admin.participants.onboard(buyer.address, "Consortium Airline", "AOC-C-1", [])
    done = python("-m", "examples.integrator", env=project_env(
        **sdk_env, PARTLEDGER_PRIVATE_KEY=maker.key.to_0x_hex(), PARTLEDGER_RELAYER_KEY=relayer.key.to_0x_hex(),
        TO=buyer.address, SERIAL="ESN-C-1", PARTLEDGER_DEPLOYMENTS=None))
    assert done.returncode == 0, done.stdout
    engine = Client.part_id(maker.address, "CFM-56", "ESN-C-1")
    assert f"engine sold to {buyer.address} in block " in done.stdout
    # not a local chain id: the history waited until the sale was 12 blocks deep (reorganisation-safe)
    assert f"engine: 2 changes of owner, owner now {buyer.address}" in done.stdout
    reader = Client.from_env(sdk_env)  # read-only
    assert reader.verify(engine).owner == buyer.address
    assert reader.deployment.chain_id == CONSORTIUM_CHAIN_ID
