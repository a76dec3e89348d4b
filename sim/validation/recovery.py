"""The loop closed: populations with known parameters, pushed through the simulator's own
customer process with behaviour effects off, refit to those parameters.

What is refit, and why only that:
- churn (sBG alpha, beta): with kappa = 0 the monthly review churns with a fixed, beta-distributed
  probability, which is the shifted-beta-geometric model; a cohort's monthly survival refits it;
- purchases (NBD r, alpha): a store customer visits as a Poisson process whose rate is gamma
  across customers (draw_traits, store.visits), the purchase half of BG/NBD. With churn off and
  nothing that can turn a visit away (copies and staff to spare), each customer's rentals in
  (0, T] are NBD counts, and refit (r, alpha) with alpha per month.
The full BG/NBD is not refit: its dropout comes right after a purchase, the simulator's at
monthly reviews whatever was bought, so BG/NBD's (a, b) have no counterpart in the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration import nbd, sbg
from sim.calibration.mle import Fit
from sim.counter_names import RENTALS, TITLE_REQUESTS
from sim.clock import MONTH
from sim.validation.runs import QUIET, records


@dataclass(frozen=True)
class Recovery:
    """Known parameters, the refit and the population size it came from."""

    model: str
    names: tuple[str, ...]
    truth: tuple[float, ...]
    fit: Fit
    n: int

    def z_scores(self) -> np.ndarray:
        """(refit - truth) / standard error, per parameter."""
        return (self.fit.params - np.asarray(self.truth)) / self.fit.std_errors


def cohort_toml(alpha: float, beta: float, n: int) -> str:
    """A cohort of n customers at day 0 with churn heterogeneity Beta(alpha, beta), nobody new."""
    return f"""
[scenario.customers]
initial = {n}
initial_base = "fresh"
marketing_prospects_per_month = 0
segments = [{{ name = "cohort", demand_mean = 0.02, churn_alpha = {alpha}, churn_beta = {beta} }}]
[variants.v]
baseline = true
{QUIET}"""


def simulated_survival(alpha: float, beta: float, n: int, months: int, seed: int) -> np.ndarray:
    """Percent of the cohort still active after 0..months monthly reviews."""
    run = records(cohort_toml(alpha, beta, n), seed, 0, months * MONTH + 1.0)
    tenure = np.array([c.tenure_months if c.churned else months for c in run.customers])
    return np.array([100.0 * np.mean(tenure >= t) for t in range(months + 1)])


def recover_sbg(alpha: float, beta: float, n: int, months: int, seed: int) -> Recovery:
    """Refit sBG to the simulated cohort's monthly survival."""
    fit = sbg.fit(simulated_survival(alpha, beta, n, months, seed), cohort_size=n)
    return Recovery("sBG", ("alpha", "beta"), (alpha, beta), fit, n)


def purchases_toml(r: float, alpha: float, n: int) -> str:
    """n customers who never churn, demand Gamma(r, rate alpha) per month, shelves never empty."""
    return f"""
[scenario.customers]
initial = {n}
initial_base = "fresh"
marketing_prospects_per_month = 0
[[scenario.customers.segments]]
name = "buyers"
demand_shape = {r}
demand_mean = {r / alpha}
complaint_propensity = 0.0
churn_alpha = 0.001
churn_beta = 1e6
[scenario.catalogue]
titles = 1
[variants.v]
baseline = true
[variants.v.pricing]
model = "per_rental"
enforcement = "none"
copies_per_customer = 50
{QUIET}"""


def simulated_counts(r: float, alpha: float, n: int, months: float, seed: int) -> np.ndarray:
    """Each customer's rentals in (0, months]; every visit must have been a rental."""
    run = records(purchases_toml(r, alpha, n), seed, 0, months * MONTH)
    requests, rentals = (sum(run.counts.get(k, [])) for k in (TITLE_REQUESTS, RENTALS))
    if requests != rentals or any(c.churned for c in run.customers):
        raise RuntimeError("a visit was turned away or a customer churned: the counts are not NBD")
    return np.array([c.rentals for c in run.customers], dtype=float)


def recover_nbd(r: float, alpha: float, n: int, months: float, seed: int) -> Recovery:
    """Refit the NBD (r, alpha per month) to the simulated customers' rental counts."""
    x = simulated_counts(r, alpha, n, months, seed)
    fit = nbd.fit(x, np.full(n, float(months)))
    return Recovery("NBD", ("r", "alpha"), (r, alpha), fit, n)
