"""Drop brownie's cache of live-network deployments (build/deployments/<chainId>/), saying so.

    python tools/brownie_cache.py [build-folder]        (make deploy / make provenance run it)

eth-brownie 1.22 copies each contract it deploys on a live network into
build/deployments/<chainId>/ and re-attaches to every cached address whenever it connects to
that chain. Every local chain is chain 31337: once one restarts, the cached addresses hold no
code and every brownie command on it fails with ContractNotFound before a script even starts.
PartLedger keeps its own manifests (deployments/<chainId>.json, checked against the chain), and
scripts/deploy.py no longer lets brownie write that cache; this removes one an older run left.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clear(build: Path) -> list[tuple[Path, int]]:
    """Remove every build/deployments/<chainId>/ folder that caches contracts (and brownie's
    map.json of them); returns each removed folder with the number of contracts it cached.
    Empty folders stay: brownie creates one on every connect to a live network."""
    deployments = build / "deployments"
    removed = []
    for folder in sorted(deployments.glob("*")):
        if folder.is_dir() and folder.name.isdigit():  # "dev" (development artifacts) stays
            cached = len(list(folder.glob("*.json")))
            if cached:
                removed.append((folder, cached))
                shutil.rmtree(folder)
    if removed:
        (deployments / "map.json").unlink(missing_ok=True)
    return removed


def main(argv: list[str]) -> int:
    build = Path(argv[0]) if argv else ROOT / "build"
    for folder, count in clear(build):
        print(
            f"Removed brownie's cached deployments in {folder} ({count} contracts): after a local chain "
            "restarts they make every brownie command fail with ContractNotFound. PartLedger reads "
            "its own manifests (deployments/<chainId>.json)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
