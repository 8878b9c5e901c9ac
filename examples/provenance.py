# examples/provenance.py
"""A part's back-to-birth history, from event logs alone (no contract state is read), fetched
in block ranges: the report `make provenance` prints.

    PART=0x<part id> .venv/bin/python -m examples.provenance
"""

import os

from partledger import Client
from partledger.report import format_provenance

client = Client.from_env()  # no key: reading needs none
pid = int(os.environ["PART"], 0)

# client.provenance: a ProvenanceReader over eth_getLogs in block ranges (fewer blocks when the node
# refuses); the logs are kept in the history index (~/.cache/partledger, or $PARTLEDGER_INDEX), so a
# rerun reads only new blocks
history = client.history(pid)  # registration, owners, custody, certificates, events, recalls, ...
print(f"{len(history.owners)} changes of owner; owner now {history.owner}; {len(history.children)} parts installed")
names = client.deployment.participant_names()  # from the registry's logs
print(format_provenance(client.provenance, pid, names=names))
