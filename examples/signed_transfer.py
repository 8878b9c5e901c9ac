# examples/signed_transfer.py
"""A signed transfer: the owner signs an EIP-712 order off chain (no transaction, no gas), and
anyone holding the order submits it; here a relayer, who pays the gas.

    PARTLEDGER_KEY=0x<owner's key> PARTLEDGER_RELAYER_KEY=0x<relayer's key> PART=0x<part id> \
    TO=0x<buyer> .venv/bin/python -m examples.signed_transfer
"""

import os

from eth_account import Account
from web3 import Web3
from web3.middleware import SignAndSendRawMiddlewareBuilder

from partledger.manifest import Deployment
from partledger.signing import domain_from_eip5267, sign_transfer

w3 = Web3(Web3.HTTPProvider(os.environ.get("PARTLEDGER_RPC_URL", "http://127.0.0.1:8545")))
owner = Account.from_key(os.environ["PARTLEDGER_KEY"])  # signs the order, sends nothing
relayer = Account.from_key(os.environ["PARTLEDGER_RELAYER_KEY"])  # submits it, pays the gas
w3.middleware_onion.inject(SignAndSendRawMiddlewareBuilder.build(relayer), layer=0)

suite = Deployment.load(w3)
parts = suite.contract("PartRegistry")
pid, buyer = int(os.environ["PART"], 0), Web3.to_checksum_address(os.environ["TO"])

# Off chain, the owner: an order bound to this chain and this registry (ERC-5267), good for an hour.
domain = domain_from_eip5267(parts.functions.eip712Domain().call())
nonce = parts.functions.nonces(owner.address).call()
deadline = w3.eth.get_block("latest")["timestamp"] + 3600
signature = sign_transfer(owner.key, domain, part_id=pid, to=buyer, nonce=nonce, deadline=deadline)

# On chain, the relayer.
with suite.readable_errors():
    call = parts.functions.transferBySignature(pid, buyer, nonce, deadline, signature)
    tx_hash = call.transact({"from": relayer.address})
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash)  # a revert mined on chain raises too
print(
    f"part {pid:#066x}: {owner.address} -> {buyer}, order nonce {nonce}, relayed by {relayer.address}"
    f" ({receipt.gasUsed:,} gas)"
)
