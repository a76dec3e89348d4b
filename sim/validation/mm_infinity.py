"""M/M/infinity (strictly M/G/infinity): mean active customers = arrival rate x mean lifetime.

Prospects arrive as a Poisson process and all join (join probability 1, no price or reputation
effect); churn is a constant monthly probability p (one segment whose Beta(alpha, beta) has
alpha + beta = 1e5: a spread of about 0.001). Churn happens at monthly reviews, so a lifetime is
a geometric number of months; the mean active count depends only on the mean lifetime, exactly
E[1/theta] = (alpha + beta - 1) / (alpha - 1) months (1/p when theta is constant). Observed: the
time-average of active customers (customer-months over window months) after a warm-up; 99% t
interval over replications. The initial base (fresh, at the expected level) all review on the same days;
the excess that causes is (1 - p)^warm-up / (2 x window months) of the mean: 0.1% here.
"""

from __future__ import annotations

from sim.validation.check import Check, point, replication_interval
from sim.validation.runs import kpis
from sim.validation.work import SERIAL, Work

NAME = "M/M/infinity, active customers"
P_CHURN, CONCENTRATION = 0.2, 1e5
WARMUP_MONTHS = 12


def toml(per_month: float, months: int) -> str:
    alpha = P_CHURN * CONCENTRATION
    return f"""
[experiment]
name = "mm_infinity"
replications = 1
seed = 777
horizon_days = {(WARMUP_MONTHS + months) * 365 / 12}
warmup_days = {WARMUP_MONTHS * 365 / 12}
[scenario.customers]
initial = {round(per_month / P_CHURN)}
initial_base = "fresh"
marketing_prospects_per_month = {per_month}
base_join_probability = 1.0
reputation_weight = 0.0
[[scenario.customers.segments]]
name = "constant_churn"
demand_mean = 0.0001
price_sensitivity = 0.0
churn_alpha = {alpha}
churn_beta = {CONCENTRATION - alpha}
[scenario.goodwill]
kappa = 0.0
[scenario.word_of_mouth]
referrals_per_month = 0.0
[variants.v]
baseline = true
"""


def expected_active(per_month: float) -> float:
    alpha = P_CHURN * CONCENTRATION
    return per_month * (CONCENTRATION - 1) / (alpha - 1)


def run(quick: bool, expected: float | None = None, work: Work = SERIAL) -> list[Check]:
    per_month, months, reps = (150.0, 24, 4) if quick else (300.0, 36, 8)
    target = expected_active(per_month) if expected is None else expected
    active = [k["customer_months"] / months for k in kpis(toml(per_month, months), "v", reps, work)]
    mean, low, high = replication_interval(active)
    return [point(f"{NAME}: mean active", target, mean, low, high,
                  f"lambda x E[lifetime] = {per_month:g}/month x {1 / P_CHURN:g} months; time-average over "
                  f"{months} months after a {WARMUP_MONTHS}-month warm-up; 99% t over {reps} replications",
                  digits=1)]
