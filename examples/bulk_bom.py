# examples/bulk_bom.py
"""Register a bill of materials in bulk: a CSV of part_number,serial,parent,lot rows becomes
batches, Merkle lots and an assembly tree, every transaction signed locally and pipelined. Run it
again and nothing is sent twice: what is done is read back from the chain.

    PARTLEDGER_PRIVATE_KEY=0x<manufacturer's key> BOM=examples/bom_sample.csv .venv/bin/python -m examples.bulk_bom
"""

import os
import sys

from partledger import Client
from partledger.report import format_tree

client = Client.from_env()  # a manufacturer's key: it registers and assembles the parts
bom = client.bulk().register_bom(os.environ.get("BOM", "examples/bom_sample.csv"))  # a BomResult
sent, done = len(bom.tx_hashes), len(bom.skipped)
print(f"{len(bom.part_ids)} parts: {sent} transactions, {bom.gas_used:,} gas, {done} steps already on chain")
for step, error in bom.failed.items():  # each failure named; the other items went through
    print(f"FAILED {step}: {error}")
labels = {pid: key for key, pid in bom.part_ids.items()}
for root in bom.roots:  # the assemblies (and spares), as the logs tell them
    print(format_tree(client.tree(bom.part_ids[root]), labels=labels))
sys.exit(1 if bom.failed else 0)
