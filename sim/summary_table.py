"""The table `policysim run` prints at the end: key KPIs per variant with 95% intervals."""

from __future__ import annotations

from sim.analysis.intervals import Interval, t_interval
from sim.analysis.retention_cost import cost_per_retained_customer_month
from sim.config import Experiment, LoadedExperiment

KEY_KPIS = (
    ("profit", "{:,.0f}"), ("revenue", "{:,.0f}"), ("late_fee_share", "{:.1%}"),
    ("monthly_churn_rate", "{:.2%}"), ("retention_12m", "{:.1%}"), ("stockout_rate", "{:.1%}"),
    ("customers_active_end", "{:,.0f}"),
)
LEVER_KPIS = (
    ("revenue_upsell", "{:,.0f}"), ("refunds", "{:,.0f}"), ("retention_spend", "{:,.0f}"),
    ("fixes_made", "{:.1f}"),
)
COMPLAINT_KPIS = (
    ("complaints", "{:,.0f}"), ("given_back", "{:,.0f}"), ("staff_morale_mean", "{:.2f}"),
    ("staff_utilization", "{:.1%}"), ("wait_p95_minutes", "{:.1f}"),
)
COST_PER_RETAINED = ("cost_per_retained_customer_month", "{:,.2f}")

Cells = dict[tuple[int, str], dict[str, list[float]]]


def key_kpi_table(loaded: LoadedExperiment, cells: Cells) -> str:
    """One block per sweep point; one row per variant; each cell 'mean [low, high]'.

    Lever KPIs (upsell, refunds, retention spend, fixes) get a column only when some variant
    has them, and retention spend brings the cost per retained customer-month against the baseline.
    """
    lines = []
    base = loaded.config.baseline
    for point in loaded.points:
        if point.values:
            lines.append("\n" + ", ".join(f"{k} = {v}" for k, v in point.values.items()))
        columns = KEY_KPIS + tuple(kf for kf in LEVER_KPIS if _used(cells, point.index, kf[0]))
        if _complaints_vary(point.experiment):
            columns += COMPLAINT_KPIS
        costed = _used(cells, point.index, "retention_spend")
        header = ["variant", *(k for k, _ in columns), *([COST_PER_RETAINED[0]] if costed else [])]
        rows = [header]
        for name in loaded.config.variants:
            values = cells[(point.index, name)]
            row = [name + (" *" if name == base else ""), *(_cell(values[k], f) for k, f in columns)]
            if costed:
                row.append("" if name == base else _format(_retained_cost(values, cells[(point.index, base)]),
                                                             COST_PER_RETAINED[1]))
            rows.append(row)
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append("(mean [95% CI] over replications; * = baseline)")
    return "\n".join(lines)


def _complaints_vary(experiment: Experiment) -> bool:
    """Complaint and staff columns belong to studies whose variants handle complaints differently."""
    return len({v.complaints for v in experiment.variants.values()}) > 1


def _used(cells: Cells, point: int, kpi: str) -> bool:
    return any(any(v for v in values[kpi] if v == v) for (p, _), values in cells.items() if p == point)


def _retained_cost(values: dict[str, list[float]], base: dict[str, list[float]]) -> Interval:
    return cost_per_retained_customer_month(values["retention_spend"], base["retention_spend"],
                                            values["customer_months"], base["customer_months"])


def _cell(values: list[float], form: str) -> str:
    return _format(t_interval(values), form)


def _format(iv: Interval, form: str) -> str:
    if iv.n == 0 or iv.mean != iv.mean:
        return "n/a"
    if iv.n == 1:
        return form.format(iv.mean)
    return f"{form.format(iv.mean)} [{form.format(iv.low)}, {form.format(iv.high)}]"
