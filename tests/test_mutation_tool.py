"""`make mutation` (tools/mutation.py): the mutants it writes, and how forge judges them.

The full run over the money code takes the better part of an hour; here the generator is checked
on the real targets and the runner end to end on a toy project that forge builds in seconds.
"""

from pathlib import Path

import pytest

from tools import mutation

ROOT = Path(__file__).resolve().parent.parent

TOY = """// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Toy {
    error TooBig(uint256 amount);

    uint256 public total;

    function add(uint256 amount) external {
        if (amount > 10) revert TooBig(amount);
        total += amount;
    }
}
"""

TOY_TEST = """// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Toy} from "../contracts/Toy.sol";

contract ToyTest {
    function test_addsUpToTen() public {
        Toy toy = new Toy();
        toy.add(10);
        require(toy.total() == 10, "total");
    }
}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "        if (amount > 10) revert TooBig(amount);",
            [("flip-comparison", "        if (amount >= 10) revert TooBig(amount);"), ("drop-guard", "        // guard dropped")],
        ),
        ("        _pay(token, buyer, seller);", [
            ("drop-call", "        // call dropped"),
            ("swap-arguments", "        _pay(buyer, token, seller);"),
            ("swap-arguments", "        _pay(token, seller, buyer);"),
        ]),
        ("        o.paid += amount; // running total", [
            ("drop-write", "        // write dropped"),
            ("swap-arithmetic", "        o.paid -= amount; // running total"),
        ]),
        ("        uint256 share = price * bps / 10_000;", [
            ("swap-arithmetic", "        uint256 share = price / bps / 10_000;"),
            ("swap-arithmetic", "        uint256 share = price * bps * 10_000;"),
        ]),
        ("        return a == b && c != d;", [
            ("flip-comparison", "        return a != b && c != d;"),
            ("flip-comparison", "        return a == b && c == d;"),
        ]),
        # A mapping's arrow, a shift and a loop bound are not comparisons worth flipping.
        ("        for (uint256 i; i < n; ++i) {", []),
        ("        x = flags >> 2;", [("drop-write", "        // write dropped")]),
    ],
)
def test_each_operator_writes_the_mutant_it_names(line, expected):
    assert list(mutation.mutations_of(line)) == expected


def test_only_the_bodies_of_the_named_functions_are_mutated(tmp_path):
    source = """contract C {
    uint256 x = 1;
    function f(uint256 a) external {
        x = a;
    }
    function g(uint256 a) external {
        if (a > 1) revert();
        x = a + 1;
    }
}
"""
    (tmp_path / "C.sol").write_text(source)
    mutants = mutation.generate(tmp_path, {"C.sol": ("g",)})
    assert {m.line for m in mutants} == {7, 8}
    assert {m.function for m in mutants} == {"g"}
    assert all(m.file == "C.sol" for m in mutants)


def test_every_target_has_mutants_of_every_kind_it_should():
    mutants = mutation.generate()
    by_file = {file: {m.operator for m in mutants if m.file == file} for file in mutation.TARGETS}
    orders = ("PurchaseOrders.sol", "PurchaseOrdersBase.sol", "PurchaseOrdersExtension.sol")
    by_file["orders"] = set().union(*(by_file[f"contracts/finance/{name}"] for name in orders))
    for file in ("orders", "contracts/finance/Receivables.sol"):
        assert by_file[file] == {
            "flip-comparison", "drop-guard", "drop-call", "drop-write", "swap-arithmetic", "swap-arguments",
        }, file
    assert {"flip-comparison", "drop-guard", "drop-call", "drop-write"} <= by_file["contracts/finance/FinanceBase.sol"]
    assert {"flip-comparison", "drop-call"} <= by_file["contracts/registry/PartRegistryBase.sol"]
    # Each mutant changes its line, and names it by content, not number.
    assert all(m.mutated != m.original for m in mutants)
    assert len({m.key for m in mutants}) == len(mutants)


def test_forge_kills_the_caught_mutants_and_the_equivalent_list_explains_the_rest(tmp_path):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "tests-forge").mkdir()
    (tmp_path / "contracts" / "Toy.sol").write_text(TOY)
    (tmp_path / "tests-forge" / "Toy.t.sol").write_text(TOY_TEST)
    (tmp_path / "foundry.toml").write_text(
        '[profile.default]\nsrc = "contracts"\ntest = "tests-forge"\nsolc = ".solcx/solc-v0.8.28"\noffline = true\n'
    )
    for name in mutation.LINKED:
        (tmp_path / name).symlink_to(ROOT / name)

    mutants = mutation.generate(tmp_path, {"contracts/Toy.sol": None})
    assert [(m.operator, m.line) for m in mutants] == [
        ("flip-comparison", 10), ("drop-guard", 10), ("drop-write", 11), ("swap-arithmetic", 11),
    ]
    guard = mutants[1]
    summary = mutation.run(mutants, tmp_path, jobs=2, equivalents={guard.key: "no test adds more than ten"})

    assert {m.operator: m.status for m in mutants} == {
        "flip-comparison": "killed",  # add(10) now reverts
        "drop-guard": "equivalent",  # survives: only the list says why
        "drop-write": "killed",  # the total stays 0
        "swap-arithmetic": "killed",  # 0 - 10 underflows
    }
    assert all(m.killed_by == "test_addsUpToTen()" for m in mutants if m.status == "killed")
    assert guard.reason == "no test adds more than ten"
    assert summary == {
        "total": 4, "killed": 3, "equivalent": 1, "survived": 0, "stillborn": 0, "killed_percent": 100.0,
    }
    # The project itself is never modified: the mutants ran in scratch copies.
    assert (tmp_path / "contracts" / "Toy.sol").read_text() == TOY


def test_a_survivor_missing_from_the_equivalent_list_counts_against_the_kill_rate(tmp_path):
    mutants = [mutation.Mutant(1, "a.sol", 1, "drop-guard", "x", "y", status="killed"),
               mutation.Mutant(2, "a.sol", 2, "drop-guard", "x", "z", status="survived"),
               mutation.Mutant(3, "a.sol", 3, "swap-arguments", "f(a, b)", "f(b, a)", status="stillborn")]
    assert mutation.summarise(mutants) == {
        "total": 2, "killed": 1, "equivalent": 0, "survived": 1, "stillborn": 1, "killed_percent": 50.0,
    }
