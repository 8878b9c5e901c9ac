"""`make coverage` (tools/coverage_merge.py): forge's LCOV reports of several passes over parts of
the tests are merged, a line, branch or function counting as covered when any pass ran it, and the
branch minimum is enforced on the merged total."""

from tools import coverage_merge

UNIT = """SF:contracts/A.sol
FN:3,A.f
FNDA:1,A.f
FN:9,A.g
FNDA:0,A.g
DA:4,2
DA:5,0
BRDA:4,0,0,1
BRDA:4,0,1,-
end_of_record
"""

REGRESSION = """SF:contracts/A.sol
FN:3,A.f
FNDA:0,A.f
FN:9,A.g
FNDA:3,A.g
DA:4,0
DA:5,1
BRDA:4,0,0,-
BRDA:4,0,1,2
end_of_record
SF:contracts/B.sol
DA:1,0
BRDA:1,0,0,0
BRDA:1,0,1,0
end_of_record
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_what_any_pass_ran_counts_and_files_of_one_pass_are_listed(tmp_path, capsys):
    reports = [_write(tmp_path, "u.lcov", UNIT), _write(tmp_path, "r.lcov", REGRESSION)]
    code = coverage_merge.main(["--min", "60", *reports])
    out = capsys.readouterr()
    assert "| contracts/A.sol | 100.00% (2/2) | 100.00% (2/2) | 100.00% (2/2) |" in out.out
    assert "| contracts/B.sol | 0.00% (0/1) | 0.00% (0/2) | 100.00% (0/0) |" in out.out
    assert "| Total | 66.67% (2/3) | 50.00% (2/4) | 100.00% (2/2) |" in out.out
    assert "branches of contracts/: 50.00% (2/4), minimum 60%" in out.err
    assert code == 1  # 50% of branches is under the 60% minimum


def test_the_minimum_is_met_by_the_merged_total_not_by_each_pass(tmp_path, capsys):
    unit = _write(tmp_path, "u.lcov", UNIT)
    assert coverage_merge.main(["--min", "75", unit]) == 1  # alone: 1 of 2 branches
    only_a = _write(tmp_path, "r.lcov", REGRESSION.split("SF:contracts/B")[0])
    assert coverage_merge.main(["--min", "75", unit, only_a]) == 0
    capsys.readouterr()
