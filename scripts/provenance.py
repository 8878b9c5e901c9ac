"""Print a part's back-to-birth provenance, rebuilt from event logs alone.

    PART=0x435d...   brownie run scripts/provenance.py --network <network>
    PART=3054...     (decimal ids work too)

Reads the suite from deployments/<chainId>.json (written by scripts/deploy.py; the folder
PARTLEDGER_DEPLOYMENTS names), or from the file PARTLEDGER_MANIFEST names, so it works on any
chain the suite was deployed to; a manifest of another chain instance is refused with a reason;
PARTLEDGER_LOG_CHUNK bounds the blocks per eth_getLogs (default 2,000; narrower when the node
refuses). The logs read are kept in the history index, so the next run only reads the new blocks:
a SQLite file per deployment under PARTLEDGER_INDEX (a folder; default ~/.cache/partledger), or
no index with PARTLEDGER_INDEX=off. The report itself is partledger.report, which an integrator
can call without brownie.
"""

from __future__ import annotations

import os

from brownie import web3

from partledger.exceptions import PartLedgerError
from partledger.manifest import Deployment
from partledger.report import format_provenance
from scripts.deploy import manifest_path


def parse_part_id(text: str) -> int:
    """A part id given as decimal or 0x-hex."""
    text = text.strip()
    if not text:
        raise SystemExit("Set PART to the part id (decimal or 0x-hex): PART=0x... brownie run scripts/provenance.py")
    return int(text, 16) if text.lower().startswith("0x") else int(text)


def report(w3, part: int, manifest=None, *, chunk: int | None = None, index=None) -> str:
    """The provenance report of `part` on the chain `w3` is connected to. `index`: see
    Deployment.provenance (default: the deployment's history index, unless PARTLEDGER_INDEX=off)."""
    deployment = Deployment.load(w3, manifest if manifest is not None else manifest_path(w3.eth.chain_id))
    reader = deployment.provenance(chunk=chunk, index=index)
    return format_provenance(reader, part, names=deployment.participant_names(chunk=reader.chunk))


def main():
    part = parse_part_id(os.environ.get("PART", ""))
    chunk = int(os.environ["PARTLEDGER_LOG_CHUNK"]) if os.environ.get("PARTLEDGER_LOG_CHUNK") else None
    try:
        text = report(web3, part, os.environ.get("PARTLEDGER_MANIFEST"), chunk=chunk)
    except PartLedgerError as exc:  # no manifest, a stale one, unknown part...: say so, no traceback
        raise SystemExit(str(exc)) from None
    print(text)
