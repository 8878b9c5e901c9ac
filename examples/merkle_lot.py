# examples/merkle_lot.py
"""A lot's Merkle tree, the very tree OpenZeppelin's StandardMerkleTree builds: dump it for OZ's
JavaScript tool, load it back, prove a serial. Off chain: no node, no key.

    LOT_FILE=lot-7.json .venv/bin/python -m examples.merkle_lot
"""

import json
import os
from pathlib import Path

from partledger.merkle import LotTree

path = Path(os.environ.get("LOT_FILE", "lot-7.json"))
lot = LotTree("NAS-1149", [f"F-{i:05d}" for i in range(10_000)])
path.write_text(json.dumps(lot.dump()))  # OZ's StandardMerkleTree.load reads it

lot = LotTree.load(json.loads(path.read_text()))  # ... and OZ's tree.dump() loads here
root, size = lot.root, len(lot)  # for anchorLot(partNumber, lotNumber, root, size, ...)
proof = lot.proof("F-00042")  # OZ's tree.getProof([partNumber, serial])
assert lot.verify("F-00042", proof)  # what isLotMember / claimLotPart check
print(f"lot of {size} serials, root 0x{root.hex()}, proof of F-00042: {len(proof)} hashes")
