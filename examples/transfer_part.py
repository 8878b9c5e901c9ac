# examples/transfer_part.py
"""Hand a part to another participant, signed with your own key; a refusal comes back as a
Python exception named after the contract's error, its arguments decoded.

    PARTLEDGER_KEY=0x<owner's key> PART=0x<part id> TO=0x<buyer> .venv/bin/python -m examples.transfer_part
"""

import os
import sys

from eth_account import Account
from web3 import Web3
from web3.middleware import SignAndSendRawMiddlewareBuilder

from partledger import exceptions
from partledger.manifest import Deployment

w3 = Web3(Web3.HTTPProvider(os.environ.get("PARTLEDGER_RPC_URL", "http://127.0.0.1:8545")))
owner = Account.from_key(os.environ["PARTLEDGER_KEY"])  # a local key: the node holds no account
w3.middleware_onion.inject(SignAndSendRawMiddlewareBuilder.build(owner), layer=0)  # sign, send raw
w3.eth.default_account = owner.address

suite = Deployment.load(w3)
parts = suite.contract("PartRegistry")
pid, buyer = int(os.environ["PART"], 0), Web3.to_checksum_address(os.environ["TO"])

try:
    with suite.readable_errors():
        tx_hash = parts.functions.transferFrom(owner.address, buyer, pid).transact()
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash)  # a revert mined on chain raises too
except exceptions.PartSuspect as exc:  # one class per contract error
    sys.exit(f"refused, the part is recalled: {exc}")
except exceptions.ContractRevertError as exc:  # every other refusal, the same shape
    sys.exit(f"refused: {exc}")
print(f"part {pid:#066x} now belongs to {buyer} (block {receipt.blockNumber}, {receipt.gasUsed:,} gas)")
