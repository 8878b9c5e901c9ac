# examples/integrator.py
"""An ERP or MRO system's integration, end to end through one client: connect, register parts and
assemble them, verify, sell, hand over a spare by a signed order a relayer submits, catch a
refusal by its class, and read the history and the assembly tree back from the logs.

    PARTLEDGER_PRIVATE_KEY=0x<manufacturer's key> PARTLEDGER_RELAYER_KEY=0x<relayer's key> \
    TO=0x<buyer, a registered participant> SERIAL=ESN-100001 .venv/bin/python -m examples.integrator
"""

import os

from partledger import Client, exceptions, to_bytes32
from partledger.provenance.index import default_confirmations
from partledger.report import format_tree

# Connect: $PARTLEDGER_RPC_URL, $PARTLEDGER_MANIFEST (else deployments/<chainId>.json, or the folder
# $PARTLEDGER_DEPLOYMENTS), checked against the chain; $PARTLEDGER_PRIVATE_KEY signs locally.
client = Client.from_env()
relayer = Client(client.w3, client.deployment, os.environ["PARTLEDGER_RELAYER_KEY"])  # pays for signed orders
buyer, serial = os.environ["TO"], os.environ.get("SERIAL", "ESN-100001")
plates = {"engine": ("CFM-56", serial), "fan": ("FAN-MOD-3", f"FM-{serial}"), "spare": ("HPT-NGV", f"NGV-{serial}")}

# Register: three transactions sent at once (wait=False), then their receipts collected.
sent = [client.parts.register_part(to_bytes32(pn), to_bytes32(sn), bytes(32), wait=False) for pn, sn in plates.values()]
gas = sum(tx.wait().gas_used for tx in sent)
engine, fan, spare = (client.part_id(client.address, pn, sn) for pn, sn in plates.values())  # ids computed off chain
client.parts.install_part(fan, engine)  # writes wait for their receipt by default
print(f"registered engine {engine:#066x}, its fan module and a spare ({gas:,} gas); fan module installed")

# Verify: a view call, a dataclass back.
part = client.verify(fan)
print(
    f"fan module: genuine {part.genuine}, {part.status.name}, installed in {part.installed_in:#x}, owner {part.owner}"
)

# Sell the engine (its fan module goes with it).
receipt = client.parts.transfer_from(client.address, buyer, engine)
print(f"engine sold to {buyer} in block {receipt.block_number} ({receipt.gas_used:,} gas)")

# A signed order: the owner signs off chain (no gas), the relayer submits it.
order = client.sign_transfer(spare, buyer)
receipt = relayer.transfer_by_signature(order)
print(f"spare handed over by signed order {order.nonce}, relayed by {relayer.address} ({receipt.gas_used:,} gas)")

# A refusal comes back as the contract's error, one class each, its arguments decoded.
try:
    relayer.transfer_by_signature(order)  # the same order again
except exceptions.InvalidSignature as exc:  # the part is the buyer's now: the order is not its owner's
    print(f"replay refused: {exc.name}, owner now {exc.args['owner']}")

# History and assembly from the logs alone, kept in the history index ($PARTLEDGER_INDEX). It takes
# only blocks deep enough to outlast a reorganisation: 12 on a public chain (a few minutes), 0 on a local one.
client.wait(receipt.tx_hash, confirmations=default_confirmations(client.deployment.chain_id), timeout=600)
history = client.history(engine)
print(f"engine: {len(history.owners)} changes of owner, owner now {history.owner}")
labels = {engine: "engine " + serial, fan: "fan module FM-" + serial}
print(format_tree(client.tree(engine), labels=labels))
