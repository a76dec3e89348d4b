"""With kappa = 0 the churn model is exactly the shifted-beta-geometric model."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import betaln

from sim.config import parse_experiment
from sim.model.world import RunSpec, simulate

ALPHA, BETA, N, MONTHS = 0.9, 6.0, 4000, 18

CONFIG = f"""
[scenario.customers]
initial = {N}
initial_base = "fresh"
marketing_prospects_per_month = 0
segments = [{{ name = "cohort", demand_mean = 0.02, churn_alpha = {ALPHA}, churn_beta = {BETA} }}]
[scenario.goodwill]
kappa = 0.0
[scenario.word_of_mouth]
referrals_per_month = 0.0
[variants.v]
baseline = true
[variants.v.pricing]
model = "per_rental"
"""


def sbg_survival(t: int) -> float:
    """P(still active after t monthly reviews) = B(alpha, beta + t) / B(alpha, beta)."""
    return math.exp(betaln(ALPHA, BETA + t) - betaln(ALPHA, BETA))


def test_cohort_survival_matches_sbg() -> None:
    cfg = parse_experiment(CONFIG).config
    records = simulate(RunSpec(cfg.scenario, cfg.variants["v"], 2024, 0, MONTHS * 365 / 12 + 1))
    tenure = np.array([c.tenure_months if c.churned else MONTHS for c in records.customers])
    assert len(tenure) == N
    for t in range(1, MONTHS + 1):
        observed = float(np.mean(tenure >= t))
        expected = sbg_survival(t)
        se = math.sqrt(expected * (1 - expected) / N)
        assert abs(observed - expected) < 4 * se, (t, observed, expected)
