"""TARP validation: one small problem, then how it was handled decides loyalty a year later.

The scenario is configs/tarp_validation.toml: loyal customers (about 95% would stay a year with
no problem) and nothing else going wrong (no visits, no stockouts, no waits). In its first four
weeks every customer is billed twice for one rental, TARP's small loss (spread out, so the desk
never queues). The variants fix how the complaint ends: refused without a word (strict), granted
after a manager's call-back (fair, nothing settled at first contact), granted at once (fair, all
settled at first contact); for the group that did not complain, propensity is set to 0. The
shipped complaint defaults must keep TARP's order 37 < 46 < 70 < 95 and land within 10 points
of each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config import load_experiment
from sim.validation.tarp import TARP, still_active

CONFIG = Path(__file__).parents[2] / "configs" / "tarp_validation.toml"


def share_still_active(group: str, replications: int) -> float:
    """Share of the cohort still active 12 months after its one problem."""
    cfg = load_experiment(CONFIG).config
    stayed, total = map(sum, zip(*(still_active(cfg, group, rep) for rep in range(replications))))
    return stayed / total


def test_scenario_has_the_four_groups() -> None:
    assert set(load_experiment(CONFIG).config.variants) == set(TARP) - {"did_not_complain"}


@pytest.mark.slow
def test_tarp_order_and_levels() -> None:
    shares = {group: share_still_active(group, replications=4) for group in TARP}
    ordered = [shares[g] for g in TARP]
    assert ordered == sorted(ordered), shares
    for group, target in TARP.items():
        assert abs(shares[group] - target) <= 0.10, (group, shares)


def test_tarp_extremes_quickly() -> None:
    """A fast check of the two ends: silence costs most, a quick grant restores loyalty."""
    silent, quick = share_still_active("did_not_complain", 1), share_still_active("granted_quickly", 1)
    assert silent < 0.5 < 0.85 < quick
