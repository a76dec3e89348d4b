"""The table `policysim run` prints at the end: key KPIs per variant with 95% intervals."""

from __future__ import annotations

from sim.analysis.intervals import t_interval
from sim.config import LoadedExperiment

KEY_KPIS = (
    ("profit", "{:,.0f}"), ("revenue", "{:,.0f}"), ("late_fee_share", "{:.1%}"),
    ("monthly_churn_rate", "{:.2%}"), ("retention_12m", "{:.1%}"), ("stockout_rate", "{:.1%}"),
    ("customers_active_end", "{:,.0f}"),
)


def key_kpi_table(loaded: LoadedExperiment, cells: dict[tuple[int, str], dict[str, list[float]]]) -> str:
    """One block per sweep point; one row per variant; each cell 'mean [low, high]'."""
    lines = []
    for point in loaded.points:
        if point.values:
            lines.append("\n" + ", ".join(f"{k} = {v}" for k, v in point.values.items()))
        header = ["variant", *(k for k, _ in KEY_KPIS)]
        rows = [header]
        for name in loaded.config.variants:
            values = cells[(point.index, name)]
            rows.append([name + (" *" if name == loaded.config.baseline else ""),
                         *(_cell(values[k], f) for k, f in KEY_KPIS)])
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append("(mean [95% CI] over replications; * = baseline)")
    return "\n".join(lines)


def _cell(values: list[float], form: str) -> str:
    iv = t_interval(values)
    if iv.n == 0:
        return "n/a"
    if iv.n == 1:
        return form.format(iv.mean)
    return f"{form.format(iv.mean)} [{form.format(iv.low)}, {form.format(iv.high)}]"
