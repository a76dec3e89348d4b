"""A reduced configs/price_response.toml runs end to end: the report has the curve's plot and table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.cli import main

STUDY = Path(__file__).parent.parent.parent / "configs" / "price_response.toml"
KEEP = ("no_change", "raise_40_at_once", "raise_40_grandfathered", "raise_100_at_once")


def reduced(path: Path) -> Path:
    """The study with four of its variants and a small base, written beside the test's results."""
    blocks = re.split(r"\n(?=\[variants\.|# Assumptions)", STUDY.read_text(encoding="utf-8"))
    kept = [b for b in blocks if not b.startswith("[variants.") or b.startswith(tuple(f"[variants.{k}]" for k in KEEP))
            or b.startswith("[variants.no_change.")]
    path.write_text("\n".join(kept) + "\n[scenario.customers]\ninitial = 120\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_reduced_study_reports_its_price_response(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(reduced(tmp_path / "small.toml")), "--replications", "2", "--workers", "1",
                 "--no-progress", "--out", str(out)]) == 0
    assert (out / "plots" / "price_response.png").stat().st_size > 10_000
    report = (out / "report.md").read_text(encoding="utf-8")
    section = report.split("## Price response", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| +")]
    assert [row.split(" | ")[2] for row in rows] == ["`raise_40_at_once`", "`raise_40_grandfathered`",
                                                     "`raise_100_at_once`"]
    assert "plots/price_response.png" in report
