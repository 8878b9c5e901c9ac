# examples/transfer_part.py
"""Hand a part to another participant, signed with your own key; a refusal comes back as a
Python exception named after the contract's error, its arguments decoded.

    PARTLEDGER_PRIVATE_KEY=0x<owner's key> PART=0x<part id> TO=0x<buyer> .venv/bin/python -m examples.transfer_part
"""

import os
import sys

from partledger import Client, exceptions

client = Client.from_env()  # signs locally with $PARTLEDGER_PRIVATE_KEY: the node holds no account
pid, buyer = int(os.environ["PART"], 0), os.environ["TO"]

try:
    receipt = client.parts.transfer_from(client.address, buyer, pid)  # waits; a revert mined on chain raises too
except exceptions.PartSuspect as exc:  # one class per contract error
    sys.exit(f"refused, the part is recalled: {exc}")
except exceptions.ContractRevertError as exc:  # every other refusal, the same shape
    sys.exit(f"refused: {exc}")
print(f"part {pid:#066x} now belongs to {buyer} (block {receipt.block_number}, {receipt.gas_used:,} gas)")
