"""The ``partledger`` command (an entry point of the package: ``[project.scripts]``).

A click group, :data:`cli`, with one verb per thing a back office does: inspect a part
(``verify``, ``history``, ``tree``), register and move parts (``register``, ``register-bom``,
``transfer``, ``offer``/``accept``/``decline``/``cancel``, ``recall``/``clear-recall``), and run
purchase orders (``order ...``) and receivables (``receivable ...``). The node, the manifest
and the key come from the environment only (:meth:`partledger.Client.from_env`); never a key
on the command line. Human output by default; ``--json`` prints one JSON document to stdout.
The exit codes are :class:`ExitCode`. Heavy modules (web3, the client) load only when a verb
runs, so ``partledger --help`` answers at once.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(cli, ["--version"])
>>> result.exit_code, result.output.startswith("partledger ")
(0, True)
>>> parse_part("0x2a"), parse_part("42")
(42, 42)
>>> ExitCode.NOT_GENUINE
<ExitCode.NOT_GENUINE: 4>
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from enum import IntEnum, IntFlag
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from partledger.client import Client
    from partledger.contracts import TestStablecoin
    from partledger.exceptions import ContractRevertError
    from partledger.manifest import Deployment
    from partledger.tx import Receipt

__all__ = [
    "ExitCode",
    "cli",
    "main",
    "version",
    "parse_part",
    "parse_address",
    "parse_amount",
    "redact_url",
    "scrub",
    "to_json",
]

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    """What ``partledger`` exits with; scripts may rely on these numbers."""

    OK = 0  # done (for `verify`: the part is genuine)
    REVERTED = 1  # the contract refused: the decoded error is printed (name and arguments)
    USAGE = 2  # bad arguments or a bad input file (click's usage errors, a BOM line)
    NOT_FOUND = 3  # no such part, order or receivable
    NOT_GENUINE = 4  # `verify`: the registry does not know the part as genuine (counterfeit)
    CONFIG = 5  # configuration: no manifest, a stale one, no key for a write, node unreachable
    TRANSACTION = 6  # the node rejected a transaction, or it was not mined in time
    BULK_FAILED = 7  # a bulk run finished with failed items (each listed); the others went through
    ERROR = 8  # anything else (an unexpected answer of the node, a bug): the message is printed


EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {code.value}  {text}"
    for code, text in (
        (ExitCode.OK, "ok (verify: the part is genuine)"),
        (ExitCode.REVERTED, "the contract refused (its error's name and arguments are printed)"),
        (ExitCode.USAGE, "usage error: bad arguments, a bad BOM line"),
        (ExitCode.NOT_FOUND, "no such part, order or receivable"),
        (ExitCode.NOT_GENUINE, "verify: the part is not genuine"),
        (ExitCode.CONFIG, "configuration: manifest, key (for a write), node unreachable"),
        (ExitCode.TRANSACTION, "transaction rejected by the node or not mined in time"),
        (ExitCode.BULK_FAILED, "a bulk run had failed items (listed)"),
        (ExitCode.ERROR, "any other error"),
    )
)

ENVIRONMENT_HELP = """\b
Environment (the only configuration; never a key on the command line):
  PARTLEDGER_RPC_URL      the node (default http://127.0.0.1:8545)
  PARTLEDGER_MANIFEST     the deployment manifest (a deployments/<chainId>.json file), or
  PARTLEDGER_DEPLOYMENTS  a folder of <chainId>.json (default ./deployments)
  PARTLEDGER_PRIVATE_KEY  the key that signs writes (else PRIVATE_KEY; none: read-only)"""

ZERO_ADDRESS = "0x" + "00" * 20
_DURATION = re.compile(r"([0-9]+)([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def version() -> str:
    """The installed distribution's version; "unknown" when run from a checkout not installed."""
    try:
        return metadata.version("partledger")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


# ============================================================ arguments


def parse_part(text: str) -> int:
    """A part id from the command line: 0x-hex, decimal, or ``MANUFACTURER:PART_NUMBER:SERIAL``
    (the id the registry gives a part registered on its own or in a batch).

    >>> hex(parse_part("0x" + "11" * 20 + ":PN-100:SN-1"))[:10]
    '0x435d27af'
    """
    from partledger import ids
    from partledger.exceptions import InvalidArgument

    value = text.strip()
    if value.count(":") == 2:
        manufacturer, part_number, serial = value.split(":")
        if not _is_address(manufacturer):
            raise InvalidArgument(f"{manufacturer!r} is not an address (MANUFACTURER:PART_NUMBER:SERIAL)")
        return ids.part_id(parse_address(manufacturer), part_number, serial)
    try:
        number = int(value, 16) if value.lower().startswith("0x") else int(value, 10)
    except ValueError:
        raise InvalidArgument(
            f"{text!r} is no part: give a 0x-hex or decimal id, or MANUFACTURER:PART_NUMBER:SERIAL"
        ) from None
    if not 0 < number < 2**256:
        raise InvalidArgument(f"part id {text!r} is out of range (1 .. 2**256-1)")
    return number


def _is_address(text: str) -> bool:
    return re.fullmatch(r"0x[0-9a-fA-F]{40}", text) is not None


def parse_address(text: str) -> str:
    """An address from the command line, checksummed. All lower or all upper case is taken as
    is; mixed case is an EIP-55 checksum and must be right (a wrong one is a typo, refused).

    >>> parse_address("0x" + "ab" * 20)
    '0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB'
    """
    from eth_utils import is_checksum_address, to_checksum_address

    from partledger.exceptions import InvalidArgument

    value = text.strip()
    if not _is_address(value):
        raise InvalidArgument(f"{text!r} is not an address (0x and 40 hex digits)")
    digits = value[2:]
    if digits != digits.lower() and digits != digits.upper() and not is_checksum_address(value):
        raise InvalidArgument(
            f"{text!r} has a wrong EIP-55 checksum (mixed case): a typo? (it would be sent elsewhere)"
        )
    return str(to_checksum_address(value))


class PartType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """PART: 0x-hex, decimal, or MANUFACTURER:PART_NUMBER:SERIAL."""

    name = "part"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from partledger.exceptions import PartLedgerError

        try:
            return parse_part(str(value))
        except PartLedgerError as exc:
            self.fail(str(exc), param, ctx)


class AddressType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """An account or contract address (0x and 40 hex digits): :func:`parse_address`."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from partledger.exceptions import PartLedgerError

        try:
            return parse_address(str(value))
        except PartLedgerError as exc:
            self.fail(str(exc), param, ctx)


class WhenType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """A moment: a duration from the latest block (``3600``, ``90m``, ``24h``, ``7d``) or an
    absolute unix time ``@1767225600``. Converted to (relative?, seconds)."""

    name = "when"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[bool, int]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        if re.fullmatch(r"@[0-9]+", text):
            return (False, int(text[1:]))
        match = _DURATION.fullmatch(text)
        if match is None:
            self.fail(f"{text!r} is neither a duration (3600, 90m, 24h, 7d) nor @UNIX_TIME", param, ctx)
        return (True, int(match.group(1)) * _UNITS[match.group(2)])


class Bytes32Type(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """A 32-byte hash: 0x and 64 hex digits as given, or any text, hashed (keccak256). 0x and
    hex digits of another length is refused (a hash mistyped), not hashed."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> bytes:
        if isinstance(value, bytes):
            return value
        text = str(value)
        if re.fullmatch(r"0x[0-9a-fA-F]{64}", text):
            return bytes.fromhex(text[2:])
        if re.fullmatch(r"0x[0-9a-fA-F]*", text):  # a hash mistyped, never text to hash
            self.fail(f"{text!r} looks like a 0x hash but has {len(text) - 2} hex digits, not 64", param, ctx)
        if not text:
            self.fail("must not be empty", param, ctx)
        from eth_utils import keccak

        return bytes(keccak(text=text))


PART = PartType()
ADDRESS = AddressType()
WHEN = WhenType()
HASH = Bytes32Type()


# ============================================================ output


def to_json(value: Any) -> Any:
    """`value` as JSON-ready data: ints stay ints, bytes become 0x-hex, addresses are
    checksummed, enums go by name (flags: the list of their names), dataclasses become objects.

    >>> to_json({"id": 7, "hash": b"\\x01\\x02", "who": "0x" + "ab" * 20})
    {'id': 7, 'hash': '0x0102', 'who': '0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB'}
    """
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, IntFlag):
        return [member.name for member in type(value) if member.value and member in value]
    if isinstance(value, IntEnum):
        return value.name
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "0x" + bytes(value).hex()
    if isinstance(value, str):
        if _is_address(value):
            from eth_utils import to_checksum_address

            return to_checksum_address(value)
        return value
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value) if f.repr}
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    return str(value)


class Output:
    """Where a verb's result goes: one JSON document on stdout with ``--json``, else text."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, document: Any, text: str | Callable[[], str]) -> None:
        """Print `document` (JSON mode) or `text` (human mode)."""
        if self.as_json:
            click.echo(json.dumps(to_json(document), indent=2))
        else:
            click.echo(text() if callable(text) else text)

    def fail(self, code: ExitCode, error: Mapping[str, Any], message: str) -> NoReturn:
        """Report an error and exit with `code`: ``{"error": {...}}`` on stdout (JSON mode), or
        `message` on stderr; either with the secrets of the environment masked (:func:`scrub`)."""
        if self.as_json:
            click.echo(scrub(json.dumps({"error": to_json(error)}, indent=2)))
        else:
            click.secho(scrub(f"error: {message}"), fg="red", err=True)
        sys.exit(int(code))


def redact_url(url: str) -> str:
    """`url` fit to print: no user or password, and its path and query (where providers put the
    API key: ``/v3/<key>``) as ``/***``.

    >>> redact_url("https://user:pw@eth.example/v3/0123abcd?x=1"), redact_url("http://127.0.0.1:8545")
    ('https://***@eth.example/***', 'http://127.0.0.1:8545')
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:  # not a URL one can take apart: print none of it
        return "***"
    who = "***@" if "@" in parts.netloc else ""
    rest = "/***" if parts.path.strip("/") or parts.query or parts.fragment else parts.path
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{who}{host}{port}{rest}" if parts.scheme else "***"


def scrub(text: str) -> str:
    """`text` with the environment's secrets masked: the node URL (:func:`redact_url`) and the
    private key (with and without 0x), wherever an error message repeated them."""
    from partledger.client import ENV_PRIVATE_KEY, ENV_PRIVATE_KEY_FALLBACK, ENV_RPC_URL

    url = os.environ.get(ENV_RPC_URL, "").strip()
    if url:
        text = text.replace(url, redact_url(url))
    for name in (ENV_PRIVATE_KEY, ENV_PRIVATE_KEY_FALLBACK):
        key = os.environ.get(name, "").strip()
        for form in {key, key.removeprefix("0x")}:
            if len(form) >= 8:
                text = text.replace(form, "***")
    return text


class State:
    """The group's state: the --json flag and the client, made on first use."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self._client: Client | None = None

    @property
    def client(self) -> Client:
        if self._client is None:
            from partledger.client import Client

            self._client = Client.from_env()
        return self._client


def _revert_error(exc: ContractRevertError, deployment: Deployment | None) -> dict[str, Any]:
    """A decoded revert as JSON: name, args (enum arguments by member name), contract, explanation."""
    args: dict[str, Any] = {**exc.args, **_enum_args(exc, deployment)}
    return {"name": exc.name, "args": args, "contract": exc.contract, "explanation": exc.explanation}


def _enum_args(exc: ContractRevertError, deployment: Deployment | None) -> dict[str, str]:
    """{argument: enum member name} for the enum-typed arguments of `exc` (from the manifest's
    ABIs, whose internalType names the enum)."""
    if deployment is None:
        return {}
    from partledger._catalog import ENUMS

    for abi in deployment.abis.values():
        for entry in abi:
            if entry.get("type") != "error" or entry.get("name") != exc.name:
                continue
            inputs = entry.get("inputs", [])
            if [p.get("name") for p in inputs] != list(exc.args):
                continue
            names = {}
            for param in inputs:
                internal = str(param.get("internalType", ""))
                members = ENUMS.get(internal[len("enum ") :]) if internal.startswith("enum ") else None
                value = exc.args[param["name"]]
                if members is not None and isinstance(value, int) and 0 <= value < len(members):
                    names[param["name"]] = members[value]
            return names
    return {}


def _error_document(exc: BaseException) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": type(exc).__name__, "message": str(exc)}
    for key, value in vars(exc).items():
        if not key.startswith("_"):
            doc.setdefault(key, value)
    return doc


def _classify(exc: BaseException) -> ExitCode | None:
    """The exit code of an exception a verb let through (None: not ours to handle)."""
    from partledger import exceptions as e

    if isinstance(exc, e.ContractRevertError):
        return ExitCode.REVERTED
    if isinstance(exc, (e.UnknownPart, e.UnknownOrder, e.UnknownReceivable)):
        return ExitCode.NOT_FOUND
    if isinstance(exc, e.BomError):
        return ExitCode.USAGE
    if isinstance(exc, (e.ManifestError, e.NoSigner, e.BadPrivateKey, e.LogQueryRefused)):
        return ExitCode.CONFIG
    if isinstance(exc, e.TransactionError):
        return ExitCode.TRANSACTION
    if _unreachable(exc):
        return ExitCode.CONFIG
    if isinstance(exc, e.InvalidArgument):
        return ExitCode.USAGE
    return None


def _unreachable(exc: BaseException) -> bool:
    """Whether `exc` says the node could not be reached (refused, unknown host, timed out)."""
    import requests
    from web3.exceptions import ProviderConnectionError

    return isinstance(exc, (requests.ConnectionError, requests.Timeout, ProviderConnectionError))


def verb(fn: F) -> F:
    """A verb: adds ``--json`` (the same as the group's), passes the :class:`State` and the
    :class:`Output`, and turns the errors it lets through into their exit codes."""

    @click.option("--json", "as_json", is_flag=True, help="Print one JSON document to stdout.")
    @click.pass_context
    @functools.wraps(fn)
    def wrapper(ctx: click.Context, /, *, as_json: bool, **kwargs: Any) -> Any:
        state = ctx.find_object(State) or State(False)
        out = Output(as_json or state.as_json)
        try:
            return fn(state, out, **kwargs)
        except Exception as exc:  # noqa: BLE001 (every error gets its exit code; none a traceback)
            from partledger.exceptions import ContractRevertError

            code = _classify(exc)
            deployment = state._client.deployment if state._client is not None else None
            if isinstance(exc, ContractRevertError):
                out.fail(code or ExitCode.REVERTED, _revert_error(exc, deployment), f"reverted: {exc}")
            if code is ExitCode.CONFIG and _unreachable(exc):
                from partledger.client import DEFAULT_RPC_URL, ENV_RPC_URL

                url = redact_url(os.environ.get(ENV_RPC_URL) or DEFAULT_RPC_URL)
                out.fail(
                    code,
                    {"name": "NodeUnreachable", "message": f"no node answers at {url}", "url": url},
                    f"no node answers at {url} (set {ENV_RPC_URL})",
                )
            out.fail(code or ExitCode.ERROR, _error_document(exc), f"{type(exc).__name__}: {exc}")

    return wrapper  # type: ignore[return-value]


# ============================================================ the group


@click.group(
    name="partledger",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=ENVIRONMENT_HELP + "\n\n" + EXIT_CODES_HELP,
)
@click.version_option(version(), "--version", "-V", prog_name="partledger", message="%(prog)s %(version)s")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document to stdout (also after a verb).")
@click.pass_context
def cli(ctx: click.Context, as_json: bool) -> None:
    """PartLedger: verify, trace and move aircraft parts, and run their orders and receivables,
    on a deployed PartLedger suite.

    PART is a part id (0x-hex or decimal) or MANUFACTURER:PART_NUMBER:SERIAL. Amounts are in
    token units (12.50), converted with the token's decimals. Times (--deadline, --expiry,
    --maturity) are durations from the latest block (3600, 90m, 24h, 7d) or @UNIX_TIME.
    """
    ctx.obj = State(as_json)


def _receipt(receipt: Receipt) -> dict[str, Any]:
    return {"tx_hash": receipt.tx_hash, "block": receipt.block_number, "gas_used": receipt.gas_used}


def _mined(receipt: Receipt) -> str:
    return f"tx {receipt.tx_hash} (block {receipt.block_number}, gas {receipt.gas_used:,})"


def _pid(part_id: int) -> str:
    return f"{part_id:#066x}"


def _date(timestamp: int) -> str:
    """A unix time as '2026-12-24 10:00 UTC (1798106400)'; '-' for 0."""
    if not timestamp:
        return "-"
    from datetime import UTC, datetime

    return f"{datetime.fromtimestamp(timestamp, tz=UTC):%Y-%m-%d %H:%M} UTC ({timestamp})"


def _moment(client: Client, when: tuple[bool, int]) -> int:
    relative, seconds = when
    if not relative:
        return seconds
    return int(client.w3.eth.get_block("latest")["timestamp"]) + seconds


def _writer(client: Client, action: str) -> str:
    """The client's address; NoSigner when it has no key (checked before anything is sent)."""
    if client.address is None:
        from partledger.exceptions import NoSigner

        raise NoSigner(action)
    return client.address


# ============================================================ parts


@cli.command()
@click.argument("part", type=PART)
@verb
def verify(state: State, out: Output, part: int) -> None:
    """Is PART genuine? Its status, maker, owner, custody, assembly and flags. Exits 4 when the
    part is not genuine (never registered here: a counterfeit id)."""
    v = state.client.verify(part)

    def text() -> str:
        if not v.genuine:
            return f"{_pid(part)}\nNOT GENUINE: this registry never registered the part (status {v.status.name})"
        from partledger.client import PartFlags

        status = v.status.name
        if v.contains_flagged_part and not v.flags & (PartFlags.SUSPECT | PartFlags.FROZEN):
            status += " (contains a flagged part: a part installed below it is frozen or recalled)"
        rows = [
            ("status", status),
            ("manufacturer", v.manufacturer),
            ("owner", v.owner),
            ("custodian", v.custodian or "-"),
            ("installed in", _pid(v.installed_in) if v.installed_in else "-"),
            ("root", _pid(v.root) if v.root is not None and v.root != part else "-"),
            ("batch", v.batch_id or "-"),
            ("flags", ", ".join(to_json(v.flags)) or "-"),
        ]
        return f"{_pid(part)}\nGENUINE\n" + "\n".join(f"  {k:13}{val}" for k, val in rows)

    out.result(v, text)
    if not v.genuine:
        sys.exit(int(ExitCode.NOT_GENUINE))


@cli.command()
@click.argument("part", type=PART)
@verb
def history(state: State, out: Output, part: int) -> None:
    """The back-to-birth history of PART, from the chain's logs. Exits 3 for an unknown part."""
    client = state.client
    found = client.history(part)

    def text() -> str:
        from partledger.report import format_provenance

        return format_provenance(client.provenance, part)

    out.result(found, text)


def _tree_json(node: Any, labels: Mapping[int, str], statuses: Mapping[int, str]) -> dict[str, Any]:
    return {
        "part_id": node.part_id,
        "label": labels.get(node.part_id),
        "status": statuses.get(node.part_id),
        "installed_at": node.installed_at,
        "children": [_tree_json(child, labels, statuses) for child in node.children],
    }


@cli.command()
@click.argument("part", type=PART)
@verb
def tree(state: State, out: Output, part: int) -> None:
    """The parts installed (now) below PART, recursively. Exits 3 for an unknown part."""
    from partledger.report import describe_parts, format_tree

    client = state.client
    node = client.tree(part)
    client.provenance.sync()
    labels, statuses = describe_parts(client.provenance, node.part_ids())
    out.result(_tree_json(node, labels, statuses), lambda: format_tree(node, labels=labels, statuses=statuses))


@cli.command()
@click.argument("part_number")
@click.argument("serial")
@click.option(
    "--metadata", type=HASH, default=None, help="The data sheet's hash: 0x and 64 hex digits, or text (hashed)."
)
@verb
def register(state: State, out: Output, part_number: str, serial: str, metadata: bytes | None) -> None:
    """Register one part (the key's account must be an accredited manufacturer)."""
    from partledger.ids import to_bytes32

    client = state.client
    maker = _writer(client, "register")
    pn, sn = to_bytes32(part_number), to_bytes32(serial)  # InvalidIdentifier (exit 2) before any call
    receipt = client.parts.register_part(pn, sn, metadata or bytes(32))
    pid = client.part_id(maker, part_number, serial)
    out.result(
        {"part_id": pid, "manufacturer": maker, **_receipt(receipt)},
        f"registered {part_number} {serial}\n  part id {_pid(pid)}\n  {_mined(receipt)}",
    )


@cli.command("register-bom")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@verb
def register_bom(state: State, out: Output, file: Path) -> None:
    """Register a bill of materials from FILE.csv (columns part_number,serial,parent,lot) in bulk
    mode: batches, lots and installs, pipelined, resumable (run it again after a crash). A
    progress bar shows on a terminal. Exits 7 when items failed (each listed)."""
    from partledger.bulk import read_bom

    client = state.client
    _writer(client, "register-bom")
    rows = read_bom(file)  # a bad line: BomError (exit 2) before anything is sent
    result = client.bulk(progress=not out.as_json).register_bom(rows)
    failed = {key: _failure(error, client) for key, error in result.failed.items()}
    document = {
        "file": file,
        "rows": len(rows),
        "ok": result.ok,
        "skipped": result.skipped,
        "failed": failed,
        "part_ids": result.part_ids,
        "roots": result.roots,
        "transactions": len(result.tx_hashes),
        "gas_used": result.gas_used,
        "seconds": round(result.seconds, 3),
    }

    def text() -> str:
        lines = [
            f"{file}: {len(rows)} rows, {len(result.part_ids)} parts, {len(result.roots)} root(s)",
            f"  {len(result.ok)} done, {len(result.skipped)} already on chain, {len(failed)} failed",
            f"  {len(result.tx_hashes)} transactions, {result.gas_used:,} gas, {result.seconds:.1f} s",
        ]
        lines += [f"  root {key}: {_pid(result.part_ids[key])}" for key in result.roots]
        lines += [f"  FAILED {key}: {error['message']}" for key, error in failed.items()]
        return "\n".join(lines)

    out.result(document, text)
    if failed:
        sys.exit(int(ExitCode.BULK_FAILED))


def _failure(error: BaseException, client: Client) -> dict[str, Any]:
    from partledger.exceptions import ContractRevertError

    if isinstance(error, ContractRevertError):
        return {**_revert_error(error, client.deployment), "message": str(error)}
    return {"name": type(error).__name__, "message": str(error)}


def _sent(out: Output, receipt: Receipt, text: str, **facts: Any) -> None:
    """Report one mined transaction: `facts` and the receipt (JSON), or `text` and the receipt."""
    out.result({**facts, **_receipt(receipt)}, f"{text}\n  {_mined(receipt)}")


@cli.command()
@click.argument("part", type=PART)
@click.argument("to", type=ADDRESS)
@verb
def transfer(state: State, out: Output, part: int, to: str) -> None:
    """Move PART, which you own, to TO (a registered participant) at once."""
    client = state.client
    owner = _writer(client, "transfer")
    receipt = client.parts.transfer_from(owner, to, part)
    _sent(out, receipt, f"transferred {_pid(part)} to {to}", part_id=part, to=to)


@cli.command()
@click.argument("part", type=PART)
@click.argument("to", type=ADDRESS)
@click.option("--expiry", type=WHEN, default=None, help="When the offer lapses (24h, 7d, @UNIX_TIME); default never.")
@verb
def offer(state: State, out: Output, part: int, to: str, expiry: tuple[bool, int] | None) -> None:
    """Offer PART to TO, who takes it with `partledger accept PART` (a two-step handover)."""
    client = state.client
    _writer(client, "offer")
    until = _moment(client, expiry) if expiry is not None else 0
    receipt = client.parts.offer_part(part, to, until)
    lapses = f", until {_date(until)}" if until else ""
    _sent(out, receipt, f"offered {_pid(part)} to {to}{lapses}", part_id=part, to=to, expiry=until)


@cli.command()
@click.argument("part", type=PART)
@verb
def accept(state: State, out: Output, part: int) -> None:
    """Accept the open offer of PART made to you: it becomes yours."""
    client = state.client
    _writer(client, "accept")
    _sent(out, client.parts.accept_part(part), f"accepted {_pid(part)}", part_id=part)


@cli.command()
@click.argument("part", type=PART)
@verb
def decline(state: State, out: Output, part: int) -> None:
    """Decline the open offer of PART made to you."""
    client = state.client
    _writer(client, "decline")
    _sent(out, client.parts.decline_part(part), f"declined {_pid(part)}", part_id=part)


@cli.command()
@click.argument("part", type=PART)
@verb
def cancel(state: State, out: Output, part: int) -> None:
    """Withdraw your open offer of PART."""
    client = state.client
    _writer(client, "cancel")
    _sent(out, client.parts.cancel_offer(part), f"withdrew the offer of {_pid(part)}", part_id=part)


REASON = click.option("--reason", type=HASH, required=True, help="Why: text (hashed) or a 0x 32-byte hash.")


@cli.command()
@click.argument("part", type=PART)
@REASON
@verb
def recall(state: State, out: Output, part: int, reason: bytes) -> None:
    """Recall PART (its manufacturer or a regulator): suspect until cleared."""
    client = state.client
    _writer(client, "recall")
    receipt = client.parts.recall_part(part, reason)
    _sent(out, receipt, f"recalled {_pid(part)}", part_id=part, reason_hash=reason)


@cli.command("clear-recall")
@click.argument("part", type=PART)
@REASON
@verb
def clear_recall(state: State, out: Output, part: int, reason: bytes) -> None:
    """Clear the recall of PART (a regulator's recall only a regulator clears)."""
    client = state.client
    _writer(client, "clear-recall")
    receipt = client.parts.clear_part(part, reason)
    _sent(out, receipt, f"cleared the recall of {_pid(part)}", part_id=part, reason_hash=reason)


# ============================================================ money


def _token(client: Client, address: str | None) -> TestStablecoin:
    """The ERC-20 at `address`, else the manifest's TestStablecoin."""
    from partledger.contracts import TestStablecoin
    from partledger.exceptions import InvalidArgument

    if address is None:
        if client.stablecoin is None:
            raise InvalidArgument("give --token: the manifest has no TestStablecoin to default to")
        return client.stablecoin
    return TestStablecoin(client.w3, address, client.sender, client.sender.abis)


def parse_amount(text: str, decimals: int) -> int:
    """An amount in token units ("12.50") as an int of smallest units.

    >>> parse_amount("12.5", 6), parse_amount("3", 0), parse_amount("1234567890123.123456789012345678", 18)
    (12500000, 3, 1234567890123123456789012345678)
    """
    from partledger.exceptions import InvalidArgument

    try:
        value = Decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise InvalidArgument(f"{text!r} is not an amount (e.g. 12.50)") from None
    if not value.is_finite() or value <= 0:
        raise InvalidArgument(f"{text!r}: an amount is positive, with at most {decimals} decimal places")
    # scaleb only moves the exponent; a precision of all the digits keeps it exact (the default
    # context's 28 digits would round a 31-digit amount silently)
    with localcontext(Context(prec=max(28, len(value.as_tuple().digits)))):
        scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise InvalidArgument(f"{text!r}: an amount is positive, with at most {decimals} decimal places")
    if scaled >= 2**256:
        raise InvalidArgument(f"{text!r} is more than a uint256 holds with {decimals} decimals")
    return int(scaled)


def format_amount(value: int, decimals: int) -> str:
    """Smallest units as token units: ``format_amount(12500000, 6)`` -> '12.5'."""
    text = f"{Decimal(value).scaleb(-decimals):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _approve(client: Client, token: TestStablecoin, spender: str, amount: int) -> Receipt | None:
    """Approve `spender` for `amount` of `token` unless the allowance covers it already."""
    owner = _writer(client, "approve")
    if token.allowance(owner, spender) >= amount:
        return None
    return token.approve(spender, amount)


AMOUNT_HELP = "in token units (12.50)"


# ============================================================ purchase orders


@cli.group()
def order() -> None:
    """Purchase orders: delivery versus payment, prepaid (escrowed) or on credit."""


def _order_or_fail(client: Client, order_id: int) -> Any:
    """The order's record; UnknownOrder (exit 3) when it was never opened."""
    from partledger import enums
    from partledger.exceptions import UnknownOrder

    found = client.orders.order(order_id)
    if found.state == enums.OrderState["None"]:
        raise UnknownOrder(order_id, int(client.w3.eth.block_number))
    return found


@order.command("show")
@click.argument("order_id", type=click.IntRange(min=1))
@verb
def order_show(state: State, out: Output, order_id: int) -> None:
    """ORDER_ID's parties, price, terms, state, and each of its parts with its state and the share
    of the price it carries (its own price for an order priced by line)."""
    client = state.client
    found = _order_or_fail(client, order_id)
    lines = client.orders.order_parts(order_id)
    escrowed = client.orders.escrowed(order_id)
    decimals = _token(client, found.token).decimals()
    shares = [client.orders.share_of(order_id, index) for index in range(len(lines.part_ids))]
    parts = list(zip(lines.part_ids, lines.states, shares, strict=True))
    document = {"order_id": order_id, **to_json(found), "escrowed": escrowed, "decimals": decimals}
    document["parts"] = [{"part_id": pid, "state": line, "price": share} for pid, line, share in parts]

    def text() -> str:
        rows = [
            ("buyer", found.buyer),
            ("seller", found.seller),
            ("token", found.token),
            ("price", format_amount(found.price, decimals)),
            ("escrowed", format_amount(escrowed, decimals)),
            ("deadline", _date(found.deadline)),
            ("maturity", _date(found.maturity)),
            ("arbiter", found.arbiter),
            ("payee", found.payee),
            ("frozen", "yes" if found.frozen else "no"),
        ]
        head = f"order {order_id}: {found.state.name} ({found.terms.name})"
        body = [f"  {k:10}{v}" for k, v in rows] + [
            f"  part {_pid(pid)} {line.name} {format_amount(share, decimals)}" for pid, line, share in parts
        ]
        return "\n".join([head, *body])

    out.result(document, text)


@order.command("open")
@click.argument("seller", type=ADDRESS)
@click.argument("parts", type=PART, nargs=-1, required=True)
@click.option("--price", default=None, help=f"The whole order's price, {AMOUNT_HELP}: each part an equal share.")
@click.option(
    "--line-prices",
    default=None,
    help="Instead of --price: each part's own price, in the order of PARTS, comma-separated (7,3); "
    "the order's price is their sum, and each part is paid, refunded or invoiced at its own price.",
)
@click.option("--arbiter", type=ADDRESS, required=True, help="Who rules a dispute (an ARBITER, not a party).")
@click.option(
    "--token", type=ADDRESS, default=None, help="The ERC-20 it is paid in (default: the manifest's stablecoin)."
)
@click.option("--deadline", type=WHEN, default="30d", show_default=True, help="Delivery deadline.")
@click.option("--credit", is_flag=True, help="On credit (a receivable per delivery) instead of prepaid.")
@click.option("--maturity", type=WHEN, default=None, help="Credit: when the receivables fall due (after the deadline).")
@verb
def order_open(
    state: State,
    out: Output,
    seller: str,
    parts: Sequence[int],
    price: str | None,
    line_prices: str | None,
    arbiter: str,
    token: str | None,
    deadline: tuple[bool, int],
    credit: bool,
    maturity: tuple[bool, int] | None,
) -> None:
    """Open an order to SELLER for PARTS (you are the buyer), at one --price (equal shares) or a
    price per part (--line-prices, for a mixed bundle). Prepaid: the price is escrowed now (the
    token is approved first if needed). Credit (--credit --maturity): your credit line is
    reserved."""
    from partledger import enums
    from partledger.exceptions import InvalidArgument

    if (price is None) == (line_prices is None):
        raise InvalidArgument("give either --price or --line-prices")
    client = state.client
    _writer(client, "order open")
    coin = _token(client, token)
    per_line = None
    if line_prices is None:
        amount = parse_amount(price or "", coin.decimals())
    else:
        per_line = [parse_amount(text, coin.decimals()) for text in line_prices.split(",")]
        if len(per_line) != len(parts):
            raise InvalidArgument(f"--line-prices names {len(per_line)} price(s) for {len(parts)} part(s)")
        amount = sum(per_line)
    if credit and maturity is None:
        raise InvalidArgument("an order on credit needs --maturity")
    if not credit and maturity is not None:
        raise InvalidArgument("--maturity is for orders on --credit")
    due = _moment(client, deadline)
    matures = _moment(client, maturity) if maturity is not None else 0
    approved = None if credit else _approve(client, coin, client.orders.address, amount)
    terms = enums.OrderTerms["Credit" if credit else "Prepaid"]
    if per_line is None:
        receipt = client.orders.open_order(seller, list(parts), coin.address, amount, due, terms, matures, arbiter)
    else:
        receipt = client.orders.open_order_with_prices(
            seller, list(parts), coin.address, per_line, due, terms, matures, arbiter
        )
    order_id = int(receipt.event("OrderOpened").args["orderId"])
    note = f"\n  approved {format_amount(amount, coin.decimals())} first: {_mined(approved)}" if approved else ""
    _sent(
        out,
        receipt,
        f"opened order {order_id} to {seller} ({terms.name}, {len(parts)} part(s)){note}",
        order_id=order_id,
        terms=terms,
        price=amount,
        line_prices=per_line,
        deadline=due,
        maturity=matures,
        approve_tx=approved.tx_hash if approved else None,
    )


def _order_write(name: str, doc: str, send: Callable[[Client, int], Receipt], done: str) -> None:
    """Adds ``order <name> ORDER_ID``: one transaction on the order."""

    @order.command(name, help=doc)
    @click.argument("order_id", type=click.IntRange(min=1))
    @verb
    def command(state: State, out: Output, order_id: int) -> None:
        client = state.client
        _writer(client, f"order {name}")
        _sent(out, send(client, order_id), f"order {order_id} {done}", order_id=order_id)


_order_write(
    "accept",
    "The seller accepts ORDER_ID: its parts are promised to the buyer.",
    lambda c, i: c.orders.accept_order(i),
    "accepted",
)
_order_write(
    "decline",
    "The seller declines ORDER_ID; the buyer is refunded.",
    lambda c, i: c.orders.decline_order(i),
    "declined",
)
_order_write(
    "cancel",
    "The buyer cancels ORDER_ID before acceptance and is refunded.",
    lambda c, i: c.orders.cancel_order(i),
    "cancelled",
)
_order_write(
    "refund",
    "After the deadline: refund what ORDER_ID did not deliver (anyone may).",
    lambda c, i: c.orders.refund_expired(i),
    "refunded",
)


def _order_parts_write(name: str, doc: str, send: Callable[[Client, int, list[int]], Receipt], done: str) -> None:
    """Adds ``order <name> ORDER_ID PART...``: one transaction on parts of the order."""

    @order.command(name, help=doc)
    @click.argument("order_id", type=click.IntRange(min=1))
    @click.argument("parts", type=PART, nargs=-1, required=True)
    @verb
    def command(state: State, out: Output, order_id: int, parts: Sequence[int]) -> None:
        client = state.client
        _writer(client, f"order {name}")
        receipt = send(client, order_id, list(parts))
        _sent(out, receipt, f"order {order_id}: {len(parts)} part(s) {done}", order_id=order_id, part_ids=list(parts))


_order_parts_write(
    "deliver",
    "The seller delivers PARTS of ORDER_ID: each moves to the buyer and is paid (or invoiced).",
    lambda c, i, p: c.orders.deliver(i, p),
    "delivered",
)
_order_parts_write(
    "confirm-receipt",
    "The buyer confirms it received PARTS of ORDER_ID outside the contract.",
    lambda c, i, p: c.orders.confirm_receipt(i, p),
    "confirmed received",
)


@order.command("dispute")
@click.argument("order_id", type=click.IntRange(min=1))
@click.option("--document", type=HASH, required=True, help="The document stating it: text (hashed) or a 0x hash.")
@verb
def order_dispute(state: State, out: Output, order_id: int, document: bytes) -> None:
    """The buyer or the seller raises a dispute over accepted ORDER_ID; its arbiter rules."""
    client = state.client
    _writer(client, "order dispute")
    receipt = client.orders.raise_dispute(order_id, document)
    _sent(out, receipt, f"order {order_id} disputed", order_id=order_id, document_hash=document)


@order.command("withdraw")
@click.option("--token", type=ADDRESS, default=None, help="The ERC-20 (default: the manifest's stablecoin).")
@verb
def order_withdraw(state: State, out: Output, token: str | None) -> None:
    """Withdraw what the orders contract credited you in a token (payments it could not push)."""
    client = state.client
    _writer(client, "order withdraw")
    coin = _token(client, token)
    receipt = client.orders.withdraw(coin.address)
    _sent(out, receipt, f"withdrew your credit in {coin.address}", token=coin.address)


@order.command("rule")
@click.argument("order_id", type=click.IntRange(min=1))
@click.argument("buyer_bps", type=click.IntRange(min=0, max=10_000))
@verb
def order_rule(state: State, out: Output, order_id: int, buyer_bps: int) -> None:
    """The arbiter rules disputed ORDER_ID: BUYER_BPS of 10,000 of what is escrowed back to the buyer,
    the rest to the payee (both credited: each withdraws)."""
    client = state.client
    _writer(client, "order rule")
    receipt = client.orders.rule(order_id, buyer_bps)
    args = receipt.event("OrderRuled").args
    _sent(
        out,
        receipt,
        f"order {order_id} ruled: {buyer_bps / 100:g}% to the buyer",
        order_id=order_id,
        buyer_bps=buyer_bps,
        to_buyer=int(args["toBuyer"]),
        to_payee=int(args["toPayee"]),
    )


@order.command("offer-assignment")
@click.argument("order_id", type=click.IntRange(min=1))
@click.argument("financier", type=ADDRESS)
@click.argument("advance")
@click.option(
    "--expiry", type=WHEN, default=None, help="When the offer lapses (24h, @UNIX_TIME); default the order's deadline."
)
@verb
def order_offer_assignment(
    state: State, out: Output, order_id: int, financier: str, advance: str, expiry: tuple[bool, int] | None
) -> None:
    """The payee of accepted prepaid ORDER_ID offers FINANCIER its payment for ADVANCE now
    (purchase-order financing), until --expiry (at most the order's delivery deadline)."""
    client = state.client
    _writer(client, "order offer-assignment")
    found = _order_or_fail(client, order_id)
    coin = _token(client, found.token)
    value = parse_amount(advance, coin.decimals())
    until = _moment(client, expiry) if expiry is not None else int(found.deadline)
    receipt = client.orders.offer_assignment(order_id, financier, value, until)
    _sent(
        out,
        receipt,
        f"offered the payment of order {order_id} to {financier} for {advance}, until {_date(until)}",
        order_id=order_id,
        financier=financier,
        advance=value,
        expiry=until,
    )


@order.command("take-assignment")
@click.argument("order_id", type=click.IntRange(min=1))
@click.argument("advance")
@click.argument("claim")
@verb
def order_take_assignment(state: State, out: Output, order_id: int, advance: str, claim: str) -> None:
    """The financier takes the assignment offered on ORDER_ID: pays ADVANCE to the payee for CLAIM
    (what the order must still escrow, as `order show` gives it: refused if a delivery or drop
    changed it) and becomes the payee (the token is approved first if needed)."""
    client = state.client
    _writer(client, "order take-assignment")
    coin = _token(client, _order_or_fail(client, order_id).token)
    value = parse_amount(advance, coin.decimals())
    agreed = parse_amount(claim, coin.decimals())
    approved = _approve(client, coin, client.orders.address, value)
    receipt = client.orders.take_assignment(order_id, value, agreed)
    _sent(
        out,
        receipt,
        f"took the payment of order {order_id} for {advance}",
        order_id=order_id,
        advance=value,
        approve_tx=approved.tx_hash if approved else None,
    )


# ============================================================ receivables


@cli.group()
def receivable() -> None:
    """Receivables (ERC-1155): issue, confirm, pay, redeem, and move or split them down the tiers."""


def _receivable_or_fail(client: Client, receivable_id: int) -> Any:
    """The receivable's record; UnknownReceivable (exit 3) when it was never issued."""
    from partledger import enums
    from partledger.exceptions import UnknownReceivable

    found = client.receivables.receivable(receivable_id)
    if found.state == enums.ReceivableState["None"]:
        raise UnknownReceivable(receivable_id, int(client.w3.eth.block_number))
    return found


@receivable.command("show")
@click.argument("receivable_id", type=click.IntRange(min=1))
@verb
def receivable_show(state: State, out: Output, receivable_id: int) -> None:
    """RECEIVABLE_ID's parties, figures, state, parts, and your balance and redeemable amount."""
    client = state.client
    info = _receivable_or_fail(client, receivable_id)
    decimals = _token(client, info.token).decimals()
    parts = client.receivables.parts_of(receivable_id)
    mine: dict[str, Any] = {}
    if client.address is not None:
        mine = {
            "balance": client.receivables.balance_of(client.address, receivable_id),
            "redeemable": client.receivables.redeemable(receivable_id, client.address),
        }
    document = {"receivable_id": receivable_id, **to_json(info), "decimals": decimals, "part_ids": parts, **mine}

    def text() -> str:
        money, dates = {"face", "paid", "shortfall", "balance", "redeemable"}, {"maturity", "defaults_at"}
        rows = [(k, v) for k, v in document.items() if k not in {"receivable_id", "state", "decimals", "part_ids"}]
        shown = [
            f"  {k:14}{format_amount(v, decimals) if k in money else _date(v) if k in dates else v}" for k, v in rows
        ]
        return "\n".join(
            [f"receivable {receivable_id}: {info.state.name}", *shown] + [f"  part {_pid(p)}" for p in parts]
        )

    out.result(document, text)


@receivable.command("invoice")
@click.argument("creditor", type=ADDRESS)
@click.argument("debtor", type=ADDRESS)
@click.option("--invoice", type=HASH, required=True, help="The invoice: text (hashed) or a 0x hash.")
@verb
def receivable_invoice(state: State, out: Output, creditor: str, debtor: str, invoice: bytes) -> None:
    """The confirmed receivable CREDITOR's invoice to DEBTOR backs (none while unconfirmed)."""
    found = state.client.receivables.receivable_of_invoice(creditor, debtor, invoice)
    document = {"creditor": creditor, "debtor": debtor, "invoice_hash": invoice, "receivable_id": found or None}
    out.result(document, lambda: f"receivable {found}" if found else "no confirmed receivable for that invoice")


@receivable.command("issue")
@click.argument("debtor", type=ADDRESS)
@click.argument("amount")
@click.option("--maturity", type=WHEN, required=True, help="When it falls due (90d, @UNIX_TIME).")
@click.option(
    "--invoice",
    type=HASH,
    required=True,
    help="The invoice: text (hashed) or a 0x hash; yours to DEBTOR, financed once, ever (bound when confirmed).",
)
@click.option("--part", "parts", type=PART, multiple=True, help="A part it is for (owned by the debtor); repeatable.")
@click.option("--token", type=ADDRESS, default=None, help="The ERC-20 (default: the manifest's stablecoin).")
@verb
def receivable_issue(
    state: State,
    out: Output,
    debtor: str,
    amount: str,
    maturity: tuple[bool, int],
    invoice: bytes,
    parts: Sequence[int],
    token: str | None,
) -> None:
    """The supplier (you) issues a pending claim of AMOUNT on DEBTOR, who confirms or rejects it."""
    client = state.client
    _writer(client, "receivable issue")
    coin = _token(client, token)
    face = parse_amount(amount, coin.decimals())
    receipt = client.receivables.issue(debtor, coin.address, face, _moment(client, maturity), invoice, list(parts))
    rid = int(receipt.event("ReceivableIssued").args["id"])
    _sent(out, receipt, f"issued receivable {rid} on {debtor}", receivable_id=rid, face=face, invoice_hash=invoice)


def _receivable_write(name: str, doc: str, send: Callable[[Client, int], Receipt], done: str) -> None:
    """Adds ``receivable <name> RECEIVABLE_ID``: one transaction on the receivable."""

    @receivable.command(name, help=doc)
    @click.argument("receivable_id", type=click.IntRange(min=1))
    @verb
    def command(state: State, out: Output, receivable_id: int) -> None:
        client = state.client
        _writer(client, f"receivable {name}")
        receipt = send(client, receivable_id)
        _sent(out, receipt, f"receivable {receivable_id} {done}", receivable_id=receivable_id)


_receivable_write(
    "confirm",
    "The debtor confirms RECEIVABLE_ID, irrevocably: its units go to the creditor.",
    lambda c, i: c.receivables.confirm(i),
    "confirmed",
)
_receivable_write(
    "reject", "The debtor rejects pending RECEIVABLE_ID.", lambda c, i: c.receivables.reject(i), "rejected"
)
_receivable_write(
    "withdraw-claim",
    "The creditor withdraws its pending claim RECEIVABLE_ID (before the debtor answers).",
    lambda c, i: c.receivables.withdraw_claim(i),
    "withdrawn",
)
_receivable_write(
    "redeem",
    "Redeem what has been paid for your units of RECEIVABLE_ID.",
    lambda c, i: c.receivables.redeem(i),
    "redeemed",
)


@receivable.command("pay")
@click.argument("receivable_id", type=click.IntRange(min=1))
@click.argument("amount")
@verb
def receivable_pay(state: State, out: Output, receivable_id: int, amount: str) -> None:
    """Pay AMOUNT of RECEIVABLE_ID (anyone may pay for the debtor); the token is approved first if needed."""
    client = state.client
    _writer(client, "receivable pay")
    coin = _token(client, _receivable_or_fail(client, receivable_id).token)
    value = parse_amount(amount, coin.decimals())
    approved = _approve(client, coin, client.receivables.address, value)
    receipt = client.receivables.pay(receivable_id, value)
    paid = int(receipt.event("ReceivablePaid").args["paidTotal"])
    _sent(
        out,
        receipt,
        f"paid {amount} on receivable {receivable_id} ({format_amount(paid, coin.decimals())} paid so far)",
        receivable_id=receivable_id,
        amount=value,
        paid_total=paid,
        approve_tx=approved.tx_hash if approved else None,
    )


@receivable.command("transfer")
@click.argument("receivable_id", type=click.IntRange(min=1))
@click.argument("to", type=ADDRESS)
@click.argument("amount", required=False)
@verb
def receivable_transfer(state: State, out: Output, receivable_id: int, to: str, amount: str | None) -> None:
    """Move your units of RECEIVABLE_ID to TO: all of them, or AMOUNT (a split down the tiers)."""
    client = state.client
    holder = _writer(client, "receivable transfer")
    coin = _token(client, _receivable_or_fail(client, receivable_id).token)
    if amount is None:
        units = client.receivables.balance_of(holder, receivable_id)
        if units == 0:  # a transfer of nothing would be mined and reported done
            from partledger.exceptions import InvalidArgument

            raise InvalidArgument(f"you ({holder}) hold no units of receivable {receivable_id}: nothing to move")
    else:
        units = parse_amount(amount, coin.decimals())
    receipt = client.receivables.safe_transfer_from(holder, to, receivable_id, units, b"")
    shown = format_amount(units, coin.decimals())
    _sent(
        out,
        receipt,
        f"moved {shown} of receivable {receivable_id} to {to}",
        receivable_id=receivable_id,
        to=to,
        units=units,
    )


@receivable.command("offer-discount")
@click.argument("receivable_id", type=click.IntRange(min=1))
@click.argument("financier", type=ADDRESS)
@click.argument("units")
@click.argument("price")
@click.option("--expiry", type=WHEN, default="7d", show_default=True, help="Until when it stands (24h, @UNIX_TIME).")
@verb
def receivable_offer_discount(
    state: State, out: Output, receivable_id: int, financier: str, units: str, price: str, expiry: tuple[bool, int]
) -> None:
    """Offer FINANCIER UNITS of your RECEIVABLE_ID for PRICE in cash now (discounting)."""
    client = state.client
    _writer(client, "receivable offer-discount")
    decimals = _token(client, _receivable_or_fail(client, receivable_id).token).decimals()
    amount, cash = parse_amount(units, decimals), parse_amount(price, decimals)
    receipt = client.receivables.offer_discount(receivable_id, financier, amount, cash, _moment(client, expiry))
    offer_id = int(receipt.event("DiscountOffered").args["offerId"])
    _sent(
        out,
        receipt,
        f"discount offer {offer_id}: {units} of receivable {receivable_id} to {financier} for {price}",
        offer_id=offer_id,
        receivable_id=receivable_id,
        financier=financier,
        units=amount,
        price=cash,
    )


@receivable.command("take-discount")
@click.argument("offer_id", type=click.IntRange(min=1))
@verb
def receivable_take_discount(state: State, out: Output, offer_id: int) -> None:
    """The financier takes discount offer OFFER_ID: pays its price, receives its units (the token
    is approved first if needed)."""
    client = state.client
    _writer(client, "receivable take-discount")
    offer = client.receivables.discount_offer(offer_id)
    if int(offer.holder, 16) == 0:  # no such offer: the contract says so (OfferNotFound), nothing to approve
        client.receivables.take_discount(offer_id)
    coin = _token(client, client.receivables.receivable(offer.id).token)
    approved = _approve(client, coin, client.receivables.address, offer.price)
    receipt = client.receivables.take_discount(offer_id)
    _sent(
        out,
        receipt,
        f"took discount offer {offer_id}: {format_amount(offer.units, coin.decimals())} of receivable {offer.id}",
        offer_id=offer_id,
        receivable_id=offer.id,
        units=offer.units,
        price=offer.price,
        approve_tx=approved.tx_hash if approved else None,
    )


@receivable.command("cancel-discount")
@click.argument("offer_id", type=click.IntRange(min=1))
@verb
def receivable_cancel_discount(state: State, out: Output, offer_id: int) -> None:
    """Withdraw your discount offer OFFER_ID."""
    client = state.client
    _writer(client, "receivable cancel-discount")
    _sent(out, client.receivables.cancel_discount(offer_id), f"withdrew discount offer {offer_id}", offer_id=offer_id)


def main() -> None:
    """The console script's entry point."""
    cli()


if __name__ == "__main__":
    main()
