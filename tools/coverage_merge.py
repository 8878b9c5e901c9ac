"""Merges forge LCOV reports of the same sources (several `forge coverage` passes, each over a
part of the tests) into one branch, line and function summary, and fails below a branch minimum.

Usage: python tools/coverage_merge.py --min 90 a.lcov b.lcov > reports/coverage.txt

A line, branch or function counts as covered when any pass ran it. The passes exist because the
npm solc (WebAssembly) runs out of memory compiling every test file of `tests-forge/` at once.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Hashable
from pathlib import Path

Hits = defaultdict[str, defaultdict[Hashable, bool]]


def _hits() -> Hits:
    return defaultdict(lambda: defaultdict(bool))


def _parse(path: Path, lines: Hits, branches: Hits, functions: Hits) -> None:
    source = ""
    for raw in path.read_text().splitlines():
        tag, _, value = raw.partition(":")
        if tag == "SF":
            source = value
        elif tag == "DA":
            line, hits = value.split(",")[:2]
            lines[source][int(line)] |= int(hits) > 0
        elif tag == "BRDA":
            line, block, branch, taken = value.split(",")
            branches[source][(int(line), block, branch)] |= taken not in ("-", "0")
        elif tag == "FNDA":
            hits, name = value.split(",", 1)
            functions[source][name] |= int(hits) > 0


def _cell(hit: int, total: int) -> str:
    percent = 100.0 * hit / total if total else 100.0
    return f"{percent:.2f}% ({hit}/{total})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--min", type=float, required=True, help="branch coverage minimum, in percent")
    parser.add_argument("reports", nargs="+", type=Path)
    args = parser.parse_args(argv)

    lines, branches, functions = _hits(), _hits(), _hits()
    for report in args.reports:
        _parse(report, lines, branches, functions)

    rows = ["| File | % Lines | % Branches | % Funcs |", "|---|---|---|---|"]
    totals = [0, 0, 0, 0, 0, 0]
    for source in sorted(set(lines) | set(branches) | set(functions)):
        counts: list[int] = []
        for table in (lines, branches, functions):
            entries = table[source]
            counts += [sum(entries.values()), len(entries)]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append(f"| {source} | {_cell(*counts[0:2])} | {_cell(*counts[2:4])} | {_cell(*counts[4:6])} |")
    rows.append(f"| Total | {_cell(*totals[0:2])} | {_cell(*totals[2:4])} | {_cell(*totals[4:6])} |")
    print("\n".join(rows))
    hit, total = totals[2], totals[3]
    percent = 100.0 * hit / total if total else 100.0
    print(f"branches of contracts/: {percent:.2f}% ({hit}/{total}), minimum {args.min:g}%", file=sys.stderr)
    return 0 if percent >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
