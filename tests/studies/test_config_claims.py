"""Every example study says what its answer rests on, and its comments say what it prints.

Each config in configs/ has an `[uncertainties]` table of its doubtful assumptions (for
`policysim sensitivity`) and states its findings in machine-readable comment lines:

    # claim: VARIANT vs OTHER KPI > 0             (or < 0; OTHER is usually the baseline)
    # claim: VARIANT vs OTHER KPI < 0 at point N  (sweep point N only; without it, at every point)
    # claim: VARIANT vs OTHER KPI < 0 with PATH = VALUE  (the study with one assumption changed)

A study whose variants differ in nothing it prints on its own says so instead, with the reason:

    # claim: none (tests/validation/test_tarp.py checks TARP's order and levels)

A claim holds when the paired 95% interval of VARIANT - OTHER on KPI lies wholly on its side of
zero. The slow test runs each study with a few replications (tests/study_runs.py), so a claim
must be clear, not a matter of the last replication. `with` states what an answer rests on: the
sign it takes when a doubtful assumption (usually one of the `[uncertainties]`) moves.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sim.analysis.intervals import paired_difference
from sim.metrics import kpi_names
from tests.helpers.studies import CONFIGS, FULL, per_study, runs, study


CLAIM = re.compile(r"#\s*claim:\s*(?P<variant>\S+)\s+vs\s+(?P<other>\S+)\s+(?P<kpi>[\w.:-]+)\s*(?P<sign>[<>])\s*0"
                   r"(?:\s+at\s+point\s+(?P<point>\d+))?(?:\s+with\s+(?P<path>[\w.]+)\s*=\s*(?P<value>\S+))?\s*$")


NONE = re.compile(r"#\s*claim:\s*none\s+\(.+\)\s*$")


@dataclass(frozen=True)
class Claim:
    variant: str
    other: str
    kpi: str
    positive: bool
    point: int | None = None
    assumption: tuple[str, Any] | None = None

    def __str__(self) -> str:
        at = "" if self.point is None else f" at point {self.point}"
        with_ = "" if self.assumption is None else f" with {self.assumption[0]} = {self.assumption[1]}"
        return f"{self.variant} vs {self.other} {self.kpi} {'>' if self.positive else '<'} 0{at}{with_}"


def claims(path: Path) -> list[Claim]:
    """The claim lines of a config; a line that starts like one but does not parse is an error."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not re.match(r"#\s*claim\b", line) or NONE.match(line):
            continue
        m = CLAIM.match(line)
        assert m, f"{path.name}:{number}: not a claim line: {line!r}"
        point = None if m["point"] is None else int(m["point"])
        assumption = None if m["path"] is None else (m["path"], tomllib.loads(f"v = {m['value']}")["v"])
        found.append(Claim(m["variant"], m["other"], m["kpi"], m["sign"] == ">", point, assumption))
    return found


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_every_study_names_its_doubtful_assumptions_and_claims(path: Path) -> None:
    loaded = study(path)
    assert loaded.config.uncertainties, f"{path.name}: no [uncertainties] table"
    found = claims(path)
    text = path.read_text(encoding="utf-8")
    said_none = any(NONE.match(line) for line in text.splitlines())
    assert bool(found) != said_none, f"{path.name}: claim lines, or one '# claim: none (why)' line"
    for claim in found:
        assert {claim.variant, claim.other} <= set(loaded.config.variants), f"{path.name}: {claim}"
        assert claim.variant != claim.other and claim.kpi in kpi_names(loaded.config.scenario), f"{path.name}: {claim}"
        assert claim.point is None or claim.point < len(loaded.points), f"{path.name}: {claim}"
        if claim.assumption is not None:
            study(path, assumption=claim.assumption)  # the path exists and takes the value
    assert "DESIGN.md" not in text, "cite docs/design.md"


def test_a_claim_line_is_read_and_a_garbled_one_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("# claim: a vs b profit < 0 at point 1\n# claims are checked\n"
                    "# claim: a vs b retention_12m > 0 with scenario.goodwill.kappa = 0.5\n", encoding="utf-8")
    assert claims(good) == [Claim("a", "b", "profit", False, 1),
                            Claim("a", "b", "retention_12m", True, None, ("scenario.goodwill.kappa", 0.5))]
    bad = tmp_path / "bad.toml"
    bad.write_text("# claim: a beats b on profit\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not a claim line"):
        claims(bad)


@pytest.mark.slow
@pytest.mark.parametrize("path", per_study())
def test_every_claim_holds_with_its_paired_interval(path: Path) -> None:
    failed = []
    for claim in claims(path):
        results = runs(path) if claim.assumption is None else runs(
            path, assumption=claim.assumption, variants=(claim.variant, claim.other))
        points = range(len(study(path).points)) if claim.point is None else [claim.point]
        for point in points:
            diff = paired_difference(results.values[claim.variant][claim.kpi][point],
                                     results.values[claim.other][claim.kpi][point])
            if not (diff.low > 0 if claim.positive else diff.high < 0):
                failed.append(f"{claim} (point {point}): {diff.mean:+.4g} [{diff.low:+.4g}, {diff.high:+.4g}]")
    assert not failed, f"{path.name}, {FULL} replications:\n" + "\n".join(failed)
