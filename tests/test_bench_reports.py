"""The README's gas and throughput tables are those of the committed reports (`make bench`
writes both), and every target in them is met. Reads reports/, never writes it."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _report(name):
    return json.loads((ROOT / "reports" / name).read_text())


def test_readme_gas_table_is_the_committed_reports():
    from scripts import bench

    report = _report("gas.json")
    assert bench.table(report["gas"], report["targets"]) in (ROOT / "README.md").read_text()
    assert {key: t["ok"] for key, t in report["targets"].items() if not t["ok"]} == {}


def test_readme_throughput_table_is_the_committed_reports_and_the_targets_hold():
    from scripts import bench_throughput

    report = _report("throughput.json")
    assert bench_throughput.table(report) in (ROOT / "README.md").read_text()
    assert set(report["targets"]) >= {
        "sdk_vs_brownie",
        "sdk_vs_brownie_1s_blocks",
        "bom_seconds",
        "bom_gas_per_part",
        "tree_seconds",
        "tree_seconds_warm",
    }
    assert {key: t for key, t in report["targets"].items() if t["ok"] is not True} == {}
