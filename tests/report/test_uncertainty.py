"""The report and the workshop say what the intervals are over: parameter sets or one set."""

from __future__ import annotations

from types import SimpleNamespace

from sim.report import sections
from sim.report.blocks import Paragraph


def _said(manifest: dict) -> str:
    blocks = sections.uncertainty(SimpleNamespace(manifest=manifest))  # type: ignore[arg-type]
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    return blocks[0].text


def test_a_run_with_a_posterior_says_its_intervals_carry_parameter_uncertainty_over_how_many_sets() -> None:
    said = _said({"posterior": {"file": "/somewhere/cal/posterior.csv", "sets": 17}})
    assert "include parameter uncertainty" in said and "one of 17 parameter sets" in said
    assert "posterior.csv" in said and "/somewhere" not in said


def test_a_run_without_one_says_its_intervals_are_simulation_noise_only() -> None:
    said = _said({"replications": 3})
    assert "one parameter set: simulation noise only" in said and "--posterior" in said
