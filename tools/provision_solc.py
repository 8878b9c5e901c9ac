"""Make the pinned solc available to py-solc-x (and so to brownie) without the internet.

Tries py-solc-x's own installer first (the native build, when binaries.soliditylang.org can be
reached). When it cannot, registers the npm `solc` package (the same compiler built to
WebAssembly, identical bytecode) through a small launcher, under the name py-solc-x looks for:
``$SOLCX_BINARY_PATH/solc-v<version>``.

Usage: python tools/provision_solc.py 0.8.28
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "tools" / "solcjs-launcher.js"


def _binary_folder() -> Path:
    return Path(os.environ.get("SOLCX_BINARY_PATH", ROOT / ".solcx")).resolve()


def _answers_version(binary: Path, version: str) -> bool:
    try:
        out = subprocess.run([str(binary), "--version"], check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and f"Version: {version}" in out.stdout


def _npm_solc_version() -> str | None:
    package = ROOT / "node_modules" / "solc" / "package.json"
    if not package.exists():
        return None
    return str(json.loads(package.read_text())["version"])


def _try_native(version: str, folder: Path) -> bool:
    try:
        import solcx

        solcx.install_solc(version, solcx_binary_path=folder)
    except Exception as exc:  # noqa: BLE001 - no network, no binary for this platform, ...: fall back
        print(f"native solc {version} unavailable ({type(exc).__name__}); using the npm build")
        return False
    return True


def _install_launcher(version: str, folder: Path) -> Path:
    npm_version = _npm_solc_version()
    if npm_version != version:
        sys.exit(
            f"node_modules/solc is {npm_version or 'missing'}, the project pins {version}: "
            "run `npm ci` (make setup does)"
        )
    target = folder / f"solc-v{version}"
    target.write_text(
        "#!/bin/sh\n"
        "# py-solc-x entry point for the npm solc build; written by tools/provision_solc.py\n"
        f'exec node "{LAUNCHER}" "$@"\n'
    )
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return target


def main(version: str) -> None:
    folder = _binary_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"solc-v{version}"
    if target.exists() and _answers_version(target, version):
        print(f"solc {version} ready: {target}")
        return
    if os.environ.get("PARTLEDGER_TRY_NATIVE_SOLC", "1") == "1" and _try_native(version, folder):
        print(f"solc {version} (native) ready: {target}")
        return
    _install_launcher(version, folder)
    if not _answers_version(target, version):
        sys.exit(f"{target} does not answer --version with {version}")
    print(f"solc {version} (npm build via {LAUNCHER.name}) ready: {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "0.8.28")
