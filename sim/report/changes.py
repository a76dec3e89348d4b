"""The report's sections on a study through time: each variant's timeline, what a change cost and
when it paid back (sim.analysis.payback), the plans of a menu, and the fit to observed series."""

from __future__ import annotations

import csv

import numpy as np

from sim.analysis.intervals import Interval
from sim.analysis.payback import first_change_month, payback
from sim.analysis.results import Results
from sim.analysis.series import monthly_band, series_names
from sim.config import Experiment
from sim.config.timeline import MONTH, Change
from sim.plots.labels import format_value
from sim.report.blocks import Block, Heading, Paragraph, Table

LISTED = 20  # changes listed in the report's table; a timeline may hold thousands
WHO = {"at_once": "everyone", "never": "new customers only", "after_grandfathering": "existing after {m:g} months"}


def changes(results: Results, config: Experiment) -> list[Block]:
    """Nothing when no variant changes anything."""
    timelines = {n: v for n, v in config.variants.items() if v.changes}
    if not timelines:
        return []
    every = [(name, c) for name, v in timelines.items() for c in v.changes]
    rows = [[f"`{name}`", f"month {c.day / MONTH:.1f}", f"{c.notice_days:g} days", _who(c), c.describe()]
            for name, c in every[:LISTED]]
    if len(every) > LISTED:
        rows.append(["...", f"{len(every) - LISTED:,} more changes", "", "", "listed in config.toml"])
    blocks: list[Block] = [
        Heading("Changes during the run"),
        Paragraph("Dated changes of each variant's levers. Customers hear of a price change `notice` days "
                  "before they pay it and feel it against the price they are used to, again at the first "
                  "bill. The dashed lines on the monthly plots mark the changes."),
        Table(["variant", "in force from", "notice", "who", "what"], rows),
    ]
    if results.baseline in timelines:
        return blocks
    paybacks = [payback(results, n, first_change_month(v) or 0) for n, v in timelines.items()]
    blocks += [
        Paragraph(f"Running profit difference from the first change (or its announcement) on, paired against "
                  f"`{results.baseline}`: the lowest point is what the transition cost; it pays back in the "
                  "first month after which the difference stays at or above zero."),
        Table(["variant", "transition cost (95% CI)", "lowest in month", "pays back in month",
               "difference at the horizon (95% CI)"],
              [[f"`{p.variant}`", _money(p.cost), str(p.cost_month),
                "not within the horizon" if p.payback_month is None else str(p.payback_month),
                _money(p.at_horizon)] for p in paybacks]),
    ]
    return blocks


def _who(change: Change) -> str:
    return WHO[change.existing_customers].format(m=change.grandfather_months)


def _money(iv: Interval) -> str:
    return f"{format_value('profit', iv.mean)} ({format_value('profit', iv.low)} to {format_value('profit', iv.high)})"


def plans(results: Results) -> list[Block]:
    """Per plan of a menu: customers on it at the last month start and the revenue it billed."""
    names = sorted({s.removeprefix("plan_") for s in series_names(results) if s.startswith("plan_")})
    if not names:
        return []
    rows = []
    for variant in results.variants:
        for plan in names:
            customers = monthly_band(results, f"plan_{plan}", variant)
            revenue = monthly_band(results, f"revenue_plan_{plan}", variant)
            if customers.months.size == 0 or not (customers.mean.any() or revenue.mean.any()):
                continue
            rows.append([f"`{variant}`", plan, f"{customers.mean[-1]:,.0f}",
                         format_value("revenue", float(np.nansum(revenue.mean)))])
    return [Heading("Plans"),
            Paragraph("Customers on each plan of a menu at the start of the last month, and the revenue the "
                      "plan billed over the horizon (means over replications)."),
            Table(["variant", "plan", "customers at the end", "revenue billed"], rows)]


def fit(results: Results) -> list[Block]:
    """The table of fit.csv: each observation beside the simulated baseline in real units."""
    path = results.path / "fit.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def num(text: str) -> str:
        if not text:  # a figure asked for, not observed
            return ""
        value = float(text)
        return f"{value:.2%}" if abs(value) < 1 else f"{value:,.0f}"

    return [Heading("Against the observed series"),
            Paragraph(f"Each observed figure beside `{results.baseline}` as run (mean over replications in "
                      "real units, 95% interval), and the error: simulated less observed (fit.csv); rows with no "
                      "observed figure are asked for (e.g. year ends after the calibration years). The plot "
                      "`fit` draws the observed points over the simulated band."),
            Table(["date", "firm", "kpi", "observed", "simulated (95% CI)", "error", "relative error"],
                  [[r["date"], r["firm"], r["kpi"], num(r["observed"]),
                    f"{num(r['simulated_mean'])} ({num(r['ci_low'])} to {num(r['ci_high'])})", num(r["error"]),
                    f"{float(r['relative_error']):+.1%}" if r["relative_error"] else ""] for r in rows])]
