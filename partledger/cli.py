"""The ``partledger`` command (an entry point of the package: ``[project.scripts]``).

A click group, :data:`cli`; its verbs (verify, history, register, ...) are added to it. It
imports nothing heavy until a verb runs, so ``partledger --help`` answers at once.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(cli, ["--version"])
>>> result.exit_code, result.output.startswith("partledger ")
(0, True)
"""

from __future__ import annotations

from importlib import metadata

import click

__all__ = ["cli", "main", "version"]


def version() -> str:
    """The installed distribution's version; "unknown" when run from a checkout not installed."""
    try:
        return metadata.version("partledger")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


@click.group(name="partledger", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), "--version", "-V", prog_name="partledger", message="%(prog)s %(version)s")
def cli() -> None:
    """PartLedger: verify, trace and move aircraft parts on the PartLedger contracts.

    The deployment manifest comes from $PARTLEDGER_MANIFEST (else deployments/<chainId>.json),
    the node from $PARTLEDGER_RPC_URL and a signing key from $PARTLEDGER_KEY: never a key on
    the command line.
    """


def main() -> None:
    """The console script's entry point."""
    cli()


if __name__ == "__main__":
    main()
