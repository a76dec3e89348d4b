"""The report's section on a market with rivals: which of our options keeps the most customers and
profit against them (paired against the baseline), market shares, what each option does to the
rivals, and the switching flows year by year."""

from __future__ import annotations

import numpy as np

from sim.analysis.comparisons import compare, summarise
from sim.analysis.intervals import t_interval
from sim.analysis.results import Results
from sim.analysis.series import series_grid
from sim.config import Experiment
from sim.config.timeline import MONTH
from sim.plots.labels import FIRM_SEPARATOR, format_value, label
from sim.plots.market import FLOW, NONE
from sim.report.blocks import Block, Bullets, Heading, Paragraph, Table
from sim.report.headlines import sentence

OURS = "ours"
BEST_OF = ("customers_active_end", "profit")


def market(results: Results, config: Experiment) -> list[Block]:
    """Nothing for a business alone."""
    rivals = config.scenario.rivals
    if not rivals:
        return []
    described = " ".join(f"`{name}`: {r.description or r.pricing.model} (opens in month {r.enters_month:g})."
                         for name, r in rivals.items())
    return [
        Heading("The market"),
        Paragraph(f"Our business shares its market with rivals that are the same in every variant: {described} "
                  "Households choose between the businesses they know and renting from no one; customers "
                  "may switch at their monthly reviews."),
        Bullets([best_option(results, kpi) for kpi in BEST_OF]),
        Table(["variant", *(label(k) for k in _table_kpis(results))],
              [[f"`{v}`", *(_cell(results, k, v) for k in _table_kpis(results))] for v in results.variants]),
        Paragraph("Households switching, by year (mean over replications): from a business or from no one "
                  "(`none`) to another."),
        flows_table(results, [OURS, *rivals]),
    ]


def best_option(results: Results, kpi: str) -> str:
    """Which of our variants has the highest mean, with its paired difference from the baseline."""
    means = {s.variant: s.interval.mean for s in summarise(results) if s.kpi == kpi}
    best = max(results.variants, key=lambda v: means[v])
    text = f"Most {label(kpi).lower()}: `{best}`, {format_value(kpi, means[best])}."
    if best == results.baseline:
        return text + f" It is the baseline; every other option has less ({_others(results, kpi)})."
    comparison = next(c for c in compare(results, kpi) if c.variant == best)
    return f"{text} {sentence(comparison)}"


def _others(results: Results, kpi: str) -> str:
    return "; ".join(sentence(c).rstrip(".") for c in compare(results, kpi))


def _table_kpis(results: Results) -> list[str]:
    ours = ["market_share_end", "customers_active_end", "customers_lost_to_rivals", "customers_won_from_rivals",
            "profit"]
    theirs = [k for k in results.kpis if FIRM_SEPARATOR in k
              and k.rpartition(FIRM_SEPARATOR)[2] in ("market_share_end", "customers_active_end", "profit")]
    return [k for k in ours if k in results.kpis] + theirs


def _cell(results: Results, kpi: str, variant: str) -> str:
    values = results.kpi(kpi, variant)
    return format_value(kpi, t_interval(values).mean)  # NaN (n/a) when no replication defines it


def flows_table(results: Results, firms: list[str]) -> Table:
    """Households from -> to per year, one column per variant."""
    months_per_year = round(365.0 / MONTH)
    years = int(np.ceil(results.horizon_days / 365.0))
    rows = []
    for year in range(years):
        span = slice(year * months_per_year, (year + 1) * months_per_year)
        for source in [NONE, *firms]:
            for target in [NONE, *firms]:
                if source == target:
                    continue
                cells = [_year_flow(results, source, target, v, span) for v in results.variants]
                if any(cells):
                    rows.append([str(year + 1), source, target, *(f"{c:,.1f}" for c in cells)])
    return Table(["year", "from", "to", *(f"`{v}`" for v in results.variants)], rows)


def _year_flow(results: Results, source: str, target: str, variant: str, span: slice) -> float:
    grid = series_grid(results, f"{FLOW}{source}>{target}", variant)
    return float(np.nanmean(np.nansum(grid[:, span], axis=1))) if grid.size else 0.0
