# examples/signed_transfer.py
"""A signed transfer: the owner signs an EIP-712 order off chain (no transaction, no gas), and
anyone holding the order submits it; here a relayer, who pays the gas.

    PARTLEDGER_PRIVATE_KEY=0x<owner's key> PARTLEDGER_RELAYER_KEY=0x<relayer's key> PART=0x<part id> \
    TO=0x<buyer> .venv/bin/python -m examples.signed_transfer
"""

import os

from partledger import Client

owner = Client.from_env()  # $PARTLEDGER_PRIVATE_KEY signs the order, sends nothing
relayer = Client(owner.w3, owner.deployment, os.environ["PARTLEDGER_RELAYER_KEY"])  # submits it, pays the gas
pid, buyer = int(os.environ["PART"], 0), os.environ["TO"]

# Off chain, the owner: an order bound to this chain and this registry (ERC-5267), good for an hour.
order = owner.sign_transfer(pid, buyer)  # a SignedTransfer: part, owner, to, nonce, deadline, signature

# On chain, the relayer.
receipt = relayer.transfer_by_signature(order)  # waits; a revert raises the contract's error
print(
    f"part {pid:#066x}: {order.owner} -> {order.to}, order nonce {order.nonce}, relayed by {relayer.address}"
    f" ({receipt.gas_used:,} gas)"
)
