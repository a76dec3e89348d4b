"""An observed file is sized before it is read and each row is checked (issue 32): a BOM is read
as CSV readers read it; a repeated row, a negative count or a churn rate above 1 is refused, the
row named; a file over the soft size limit is refused unless --force."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sim.cli import main
from sim.config.observed import MAX_BYTES

CONFIG = """
[experiment]
name = "observed"
replications = 2
seed = 7
horizon_days = 60
start_date = 2020-01-01

[scenario.customers]
initial = 10

[variants.a]
baseline = true

[observed]
file = "observed.csv"
"""
HEADER = "date,firm,kpi,value\n"
MAX_MESSAGE = 300


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def check(study: Path, data: bytes, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    (study.parent / "observed.csv").write_bytes(data)
    before = hashes(study.parent)
    code = main(["check", str(study), *flags])
    assert hashes(study.parent) == before
    return code, capsys.readouterr().err


def refused(study: Path, data: bytes, capsys: pytest.CaptureFixture[str], expected: str) -> None:
    code, err = check(study, data, capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err and len(err) < MAX_MESSAGE, err
    assert f"{study.parent / 'observed.csv'}: {expected}" in err, err


def test_a_bom_before_the_header_is_accepted(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = check(study, b"\xef\xbb\xbf" + f"{HEADER}2020-01-01,ours,customers,10\n".encode(), capsys)
    assert code == 0, err


def test_a_repeated_row_is_refused_naming_both(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "2020-01-01,ours,customers,10\n2020-02-01,ours,customers,12\n2020-01-01,ours,customers,11\n"
    refused(study, (HEADER + rows).encode(), capsys, "row 4: repeats row 2 (2020-01-01, ours, customers)")


@pytest.mark.parametrize("kpi", ["customers", "joined", "churned"])
def test_a_negative_count_is_refused(study: Path, capsys: pytest.CaptureFixture[str], kpi: str) -> None:
    refused(study, f"{HEADER}2020-01-01,ours,{kpi},-3\n".encode(), capsys,
            f"row 2.value: {kpi} -3 is negative; allowed: a count of 0 or more")


@pytest.mark.parametrize("rate", ["7.5", "-0.01"])
def test_a_churn_rate_outside_0_to_1_is_refused(study: Path, capsys: pytest.CaptureFixture[str], rate: str) -> None:
    refused(study, f"{HEADER}2020-01-01,ours,monthly_churn_rate,{rate}\n".encode(), capsys,
            f"row 2.value: monthly_churn_rate {float(rate):g} is not a share; allowed: 0 to 1")


def test_a_negative_profit_is_a_fact_not_an_error(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = check(study, f"{HEADER}2020-01-15,ours,profit,-1200\n".encode(), capsys)
    assert code == 0, err


def test_a_huge_value_is_quoted_short(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(study, f"{HEADER}2020-01-01,ours,customers,{'x' * 100_000}\n".encode(), capsys, "row 2.value")


def big_file() -> bytes:
    """Over the soft limit with rows that would all pass (every one a different day and kpi)."""
    rows = [f"2020-01-01,ours,customers,{n}\n" for n in range(MAX_BYTES // 26 + 1)]
    return (HEADER + "".join(rows)).encode()


def test_a_file_over_the_soft_limit_is_refused_before_it_is_read(study: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = big_file()
    assert len(data) > MAX_BYTES
    refused(study, data, capsys, f"observed.file: the file is {len(data) / 1e6:.1f} MB, over the soft limit "
            f"of {MAX_BYTES / 1e6:g} MB (about 60,000 rows); give --force to use it anyway")


def test_force_lifts_the_size_limit(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = check(study, big_file(), capsys, "--force")
    assert code == 2 and "repeats row 2" in err  # read in full, so its rows are checked

