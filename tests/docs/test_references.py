"""The generated references are current: docs/parameters.md and docs/kpis.md are what
`policysim params` and `policysim params --kpis` print, and the glossary explains every KPI."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.calibration.behaviour_files import shipped_section
from sim.cli import main
from sim.config.reference import parameter_reference
from sim.kpi_glossary import kpi_glossary, unexplained

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_parameter_reference_is_current() -> None:
    """Regenerate it when a default changes."""
    shipped = (DOCS / "parameters.md").read_text(encoding="utf-8")
    assert shipped == parameter_reference() + shipped_section(), "run: policysim params > docs/parameters.md"


def test_kpi_glossary_is_current() -> None:
    shipped = (DOCS / "kpis.md").read_text(encoding="utf-8")
    assert shipped == kpi_glossary(), "run: policysim params --kpis > docs/kpis.md"


def test_every_kpi_has_a_meaning_and_every_meaning_a_kpi() -> None:
    assert not unexplained()


def test_the_keys_of_a_dated_change_are_in_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for key in ("at_month", "at_day", "notice_days", "`set`", "existing_customers", "grandfather_months", "label"):
        assert key in out.split("## variants.<name>.changes[]")[1].split("\n## ")[0], key
    assert "counts back from the end of the grandfathering" in out
