# examples/provenance.py
"""A part's back-to-birth history, from event logs alone (no contract state is read), fetched
in block ranges: the report `make provenance` prints.

    PART=0x<part id> .venv/bin/python -m examples.provenance
"""

import os

from web3 import Web3

from partledger.manifest import Deployment
from partledger.report import format_provenance

w3 = Web3(Web3.HTTPProvider(os.environ.get("PARTLEDGER_RPC_URL", "http://127.0.0.1:8545")))
suite = Deployment.load(w3)
pid = int(os.environ["PART"], 0)

# a ProvenanceReader: at most 2,000 blocks per eth_getLogs (fewer when the node refuses); the logs
# are kept in the history index (~/.cache/partledger, or $PARTLEDGER_INDEX), so a rerun reads only new blocks
reader = suite.provenance(chunk=2_000)
history = reader.history(pid)  # registration, owners, custody, certificates, events, recalls, ...
print(f"{len(history.owners)} changes of owner; owner now {history.owner}; {len(history.children)} parts installed")
print(format_provenance(reader, pid, names=suite.participant_names()))  # names from the registry's logs
