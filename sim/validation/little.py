"""Little's law for copies out: mean copies out = rental rate x mean time out.

A store whose customers never churn is stationary after a warm-up, so the three measured
quantities (copies out at month starts, rentals per day, days a copy spends at home) estimate
L, lambda and W without bias. Observed: L / (lambda W) per replication; expected 1; 99% t
interval over replications. Late fees enforced and shelves that run empty: the law holds whatever
the keep times and stockouts.
"""

from __future__ import annotations

from sim.validation.check import Check, point, replication_interval
from sim.validation.runs import kpis
from sim.validation.work import SERIAL, Work

NAME = "Little's law, copies out"


def toml(customers: int, years: float) -> str:
    return f"""
[experiment]
name = "little"
replications = 1
seed = 4242
horizon_days = {365 * years + 61:.0f}
warmup_days = 61
[scenario.customers]
initial = {customers}
initial_base = "fresh"
marketing_prospects_per_month = 0
[[scenario.customers.segments]]
name = "regulars"
demand_mean = 3.0
churn_alpha = 0.001
churn_beta = 1e6
[variants.v]
baseline = true
[variants.v.pricing]
model = "per_rental"
enforcement = "enforce"
"""


def run(quick: bool, expected: float = 1.0, work: Work = SERIAL) -> list[Check]:
    customers, years, reps = (600, 1, 4) if quick else (1_200, 1.5, 6)
    ratios = [k["copies_out_mean"] / (k["rental_rate_per_day"] * k["mean_days_out"])
              for k in kpis(toml(customers, years), "v", reps, work)]
    mean, low, high = replication_interval(ratios)
    return [point(f"{NAME}: L / (lambda W)", expected, mean, low, high,
                  f"copies_out_mean / (rental_rate_per_day x mean_days_out), {customers:,} customers "
                  f"who never churn, {years:g} years after a 2-month warm-up; 99% t over {reps} replications")]
