"""Mutation testing of the money code and the transfer hook, judged by forge alone.

Each mutant is one small, deliberate bug written into a copy of the sources: a comparison flipped
(`<` for `<=`, `==` for `!=`), a guard or a call dropped (`if (...) revert ...;`, `_pay(...);`), a
storage write deleted, `+` for `-`, two arguments swapped. Forge's tests (`tests-forge/`, unit,
regression and invariant) run against each one; a mutant is *killed* when a test fails. A mutant
that does not compile is *stillborn* and not counted. A surviving mutant is either a gap in the
tests or *equivalent* (no input can tell it from the original): the equivalent ones are listed,
each with the reason, in tools/mutation_equivalents.json, keyed by file and the two lines (not by
line number, so the list survives edits elsewhere in the file).

Usage: python tools/mutation.py                 # run every mutant, write reports/mutation.json
       python tools/mutation.py --list          # print the mutants, run nothing
       python tools/mutation.py --jobs 2 --only contracts/finance/Receivables.sol
       python tools/mutation.py --min 90        # exit 1 under 90% of non-equivalent mutants killed

The mutants run in scratch copies of the project under a temporary directory (one per job, with the
build cache copied in, so each mutant recompiles only what its file touches); the checkout itself
is never modified.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from queue import Queue

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.json"
REPORT = ROOT / "reports" / "mutation.json"

# What is mutated: the money code whole, and the one transfer hook of the part registry (every move
# of a part runs through it) with the rule it shares with canTransfer.
TARGETS: dict[str, tuple[str, ...] | None] = {
    "contracts/finance/FinanceBase.sol": None,  # None: every function
    "contracts/finance/PurchaseOrders.sol": None,
    "contracts/finance/PurchaseOrdersBase.sol": None,
    "contracts/finance/PurchaseOrdersExtension.sol": None,
    "contracts/finance/Receivables.sol": None,
    "contracts/registry/PartRegistryBase.sol": ("_beforeTokenTransfer", "_transferCode", "_isSuspect"),
}

# Copied into each scratch project; node_modules and the solc launcher are linked.
PROJECT_FILES = ("contracts", "tests-forge", "foundry.toml")
LINKED = ("node_modules", ".solcx")
CACHES = ("out", "cache")

_FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
_COMPARISON = re.compile(r"(?<![<>=!])(<=|>=|==|!=|<|>)(?![<>=])")
_CONDITION = re.compile(r"\bif \(|\bwhile \(|\bfor \(|\breturn\b|\?|&&|\|\|")
_GUARD = re.compile(r"^\s*if \(.+\) revert \w+(\.\w+)*\(.*\);\s*$")
_CALL_STATEMENT = re.compile(r"^\s*(?!emit\b|revert\b|return\b)[A-Za-z_][\w.]*\((.*)\);\s*$")
_WRITE = re.compile(
    r"^\s*(?:delete\s+[A-Za-z_][\w.\[\]]*|[A-Za-z_]\w*(?:\[[^\]]*\]|\.\w+)*\s*(?:[-+*/|&]?=)\s*[^=].*);\s*$"
)
_ARITH = re.compile(r"(?<![+\-*/=<>!&|])\s([+\-*/])\s(?![=])")
_ARITH_ASSIGN = re.compile(r"([+\-])=")
_SWAPPABLE_CALL = re.compile(r"\b(_\w+|safeTransfer|safeTransferFrom|_transfer)\(([^()]*)\)")
_IDENT = re.compile(r"^[A-Za-z_][\w.]*(\[[^\]]*\])?$")
_FUNCTION = re.compile(r"^\s*(?:function|modifier)\s+(\w+)")


@dataclass
class Mutant:
    """One deliberate bug: line `line` of `file` replaced by `mutated`."""

    id: int
    file: str
    line: int
    operator: str
    original: str
    mutated: str
    function: str = ""
    occurrence: int = 1  # the same change in the same function: 1st, 2nd, ...
    status: str = "pending"  # killed | survived | equivalent | stillborn
    killed_by: str | None = None
    reason: str | None = None
    seconds: float = field(default=0.0)

    @property
    def key(self) -> str:
        """Where and what, without the line number: stable when other lines move."""
        nth = f" #{self.occurrence}" if self.occurrence > 1 else ""
        return f"{self.file} {self.function}: {self.original.strip()} => {self.mutated.strip()}{nth}"


def _code_lines(source: str, functions: tuple[str, ...] | None) -> Iterator[tuple[int, str, str]]:
    """(line number, line, function) of each code line inside the body of a function of `functions` (all if None)."""
    depth = 0
    current: str | None = None  # the function being read
    outer = 0  # the depth its declaration starts at
    opened = False  # its body's `{` has been read
    for number, line in enumerate(source.splitlines(), start=1):
        code = line.split("//", 1)[0]
        stripped = code.strip()
        if current is None:
            match = _FUNCTION.match(line)
            if match:
                current, outer, opened = match.group(1), depth, False
        elif (
            opened
            and stripped
            and not stripped.startswith(("*", "/*", "emit "))
            and (functions is None or current in functions)
        ):
            yield number, line, current
        depth += code.count("{") - code.count("}")
        if current is not None:
            opened = opened or depth > outer
            if (opened and depth <= outer) or (not opened and stripped.endswith(";")):
                current = None


def _replace_at(line: str, start: int, end: int, text: str) -> str:
    return line[:start] + text + line[end:]


def mutations_of(line: str) -> Iterator[tuple[str, str]]:
    """(operator, mutated line) for each mutant of one line of code."""
    code, sep, comment = line.partition("//")
    indent = line[: len(line) - len(line.lstrip())]
    if _CONDITION.search(code) and not code.lstrip().startswith("for ("):
        for m in _COMPARISON.finditer(code):
            yield "flip-comparison", _replace_at(code, m.start(), m.end(), _FLIP[m.group(1)]) + sep + comment
    if _GUARD.match(code):
        yield "drop-guard", indent + "// guard dropped"
        return
    call = _CALL_STATEMENT.match(code)
    if call:
        yield "drop-call", indent + "// call dropped"
    elif _WRITE.match(code) and "(" not in code.split("=", 1)[0]:
        yield "drop-write", indent + "// write dropped"
    if "=" in code and not code.lstrip().startswith(("for ", "if ", "return")):
        for m in _ARITH.finditer(code):
            swapped = {"+": "-", "-": "+", "*": "/", "/": "*"}[m.group(1)]
            yield "swap-arithmetic", _replace_at(code, m.start(1), m.end(1), swapped) + sep + comment
        for m in _ARITH_ASSIGN.finditer(code):
            swapped = "-" if m.group(1) == "+" else "+"
            yield "swap-arithmetic", _replace_at(code, m.start(1), m.end(1), swapped) + sep + comment
    if "revert " in code:
        return  # swapping an error's arguments changes only what a failure reports
    for m in _SWAPPABLE_CALL.finditer(code):
        args = [a.strip() for a in m.group(2).split(",")]
        for i in range(len(args) - 1):
            a, b = args[i], args[i + 1]
            if a != b and _IDENT.match(a) and _IDENT.match(b):
                swapped_args = [*args[:i], b, a, *args[i + 2 :]]
                new_call = f"{m.group(1)}({', '.join(swapped_args)})"
                yield "swap-arguments", _replace_at(code, m.start(), m.end(), new_call) + sep + comment


def generate(root: Path = ROOT, targets: dict[str, tuple[str, ...] | None] = TARGETS) -> list[Mutant]:
    """Every mutant of the target files, in file and line order."""
    mutants: list[Mutant] = []
    for file, functions in targets.items():
        source = (root / file).read_text()
        seen: dict[tuple[str, str, str], int] = {}
        for number, line, function in _code_lines(source, functions):
            for operator, mutated in mutations_of(line):
                nth = seen[function, line.strip(), mutated.strip()] = (
                    seen.get((function, line.strip(), mutated.strip()), 0) + 1
                )
                mutants.append(Mutant(len(mutants) + 1, file, number, operator, line, mutated, function, nth))
    return mutants


def _first_failure(output: str) -> str | None:
    match = re.search(r"^\[FAIL[^\]]*\] (\S+)", output, re.MULTILINE)
    if match:
        return match.group(1)
    return "forge test failed" if "Encountered" in output or "failing test" in output else None


def _prepare(scratch: Path, root: Path) -> None:
    for name in PROJECT_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, scratch / name)
        else:
            shutil.copy2(src, scratch / name)
    for name in LINKED:
        (scratch / name).symlink_to((root / name).resolve())
    for name in CACHES:
        if (root / name).is_dir():
            shutil.copytree(root / name, scratch / name, symlinks=True)


def run_mutant(mutant: Mutant, scratch: Path, forge: Sequence[str], timeout: float) -> None:
    """Write the mutant into `scratch`, run forge, restore the file; sets the mutant's status."""
    path = scratch / mutant.file
    original = path.read_text()
    lines = original.splitlines(keepends=True)
    ending = "\n" if lines[mutant.line - 1].endswith("\n") else ""
    lines[mutant.line - 1] = mutant.mutated + ending
    path.write_text("".join(lines))
    started = time.monotonic()
    try:
        result = subprocess.run(
            [*forge, "test", "--fail-fast"],
            check=False,
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "FOUNDRY_PROFILE": os.environ.get("FOUNDRY_PROFILE", "default")},
        )
        output = result.stdout + result.stderr
        if "Compiler run failed" in output:
            mutant.status = "stillborn"
        elif result.returncode != 0:
            mutant.status, mutant.killed_by = "killed", _first_failure(output) or f"exit {result.returncode}"
        else:
            mutant.status = "survived"
    except subprocess.TimeoutExpired:
        mutant.status, mutant.killed_by = "killed", f"timeout after {timeout:.0f} s"
    finally:
        path.write_text(original)
        mutant.seconds = round(time.monotonic() - started, 1)


def forge_command(root: Path = ROOT) -> list[str]:
    """The platform forge binary (the npm wrapper drops the exit status)."""
    found = sorted((root / "node_modules" / "@foundry-rs").glob("forge-*/bin/forge"))
    if not found:
        raise SystemExit("forge not found under node_modules/@foundry-rs: run `make setup` first")
    return [str(found[0])]


def load_equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """Equivalent mutants: key (see Mutant.key) to the reason no input tells them apart."""
    if not path.exists():
        return {}
    entries: list[dict[str, str]] = json.loads(path.read_text())
    return {e["key"]: e["reason"] for e in entries}


def summarise(mutants: list[Mutant]) -> dict[str, object]:
    counted = [m for m in mutants if m.status != "stillborn"]
    killed = sum(m.status == "killed" for m in counted)
    equivalent = sum(m.status == "equivalent" for m in counted)
    judged = len(counted) - equivalent
    return {
        "total": len(counted),
        "killed": killed,
        "equivalent": equivalent,
        "survived": sum(m.status == "survived" for m in counted),
        "stillborn": len(mutants) - len(counted),
        "killed_percent": round(100 * killed / judged, 2) if judged else 100.0,
    }


def run(
    mutants: list[Mutant],
    root: Path = ROOT,
    jobs: int = 2,
    timeout: float = 900.0,
    equivalents: dict[str, str] | None = None,
) -> dict[str, object]:
    """Run each mutant against forge in scratch copies of `root`; returns the summary."""
    forge = forge_command(root)
    known = load_equivalents() if equivalents is None else equivalents
    with tempfile.TemporaryDirectory(prefix="partledger-mutation-") as tmp:
        scratches: Queue[Path] = Queue()
        for job in range(max(1, jobs)):
            scratch = Path(tmp) / f"job{job}"
            scratch.mkdir()
            _prepare(scratch, root)
            scratches.put(scratch)

        def work(mutant: Mutant) -> Mutant:
            scratch = scratches.get()
            try:
                run_mutant(mutant, scratch, forge, timeout)
            finally:
                scratches.put(scratch)
            if mutant.status == "survived" and mutant.key in known:
                mutant.status, mutant.reason = "equivalent", known[mutant.key]
            by = f" by {mutant.killed_by}" if mutant.killed_by else ""
            print(
                f"{mutant.id:4}/{len(mutants)} {mutant.status:10} {mutant.file}:{mutant.line} "
                f"{mutant.operator} ({mutant.seconds} s){by}",
                flush=True,
            )
            return mutant

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(work, mutants))
    return summarise(mutants)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="print the mutants and exit")
    parser.add_argument("--only", action="append", help="mutate only this file (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run side by side (default 2)")
    parser.add_argument("--min", type=float, default=0.0, help="fail under this %% of non-equivalent killed")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per mutant")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)

    unknown = set(args.only or ()) - set(TARGETS)
    if unknown:
        parser.error(f"not a mutation target: {', '.join(sorted(unknown))} (targets: {', '.join(TARGETS)})")
    targets = {f: fns for f, fns in TARGETS.items() if not args.only or f in args.only}
    mutants = generate(ROOT, targets)
    if args.list:
        for m in mutants:
            print(f"{m.id:4} {m.file}:{m.line} {m.operator}: {m.original.strip()}  =>  {m.mutated.strip()}")
        print(f"{len(mutants)} mutants")
        return 0

    summary = run(mutants, ROOT, args.jobs, args.timeout)
    report = {
        "command": "make mutation" if not args.only else " ".join(["python tools/mutation.py", *sys.argv[1:]]),
        "judge": "forge test (tests-forge/), the first failure kills",
        "targets": {f: list(fns) if fns else "every function" for f, fns in targets.items()},
        **summary,
        "mutants": [asdict(m) | {"key": m.key} for m in mutants],
    }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(summary))
    for m in mutants:
        if m.status == "survived":
            print(f"survived: {m.file}:{m.line} {m.operator}: {m.mutated.strip()}")
    killed_percent = summary["killed_percent"]
    assert isinstance(killed_percent, float)
    return 1 if killed_percent < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
