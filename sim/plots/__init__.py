"""Comparison plots from a stored results folder (PNG and SVG); plots never run simulations."""

from __future__ import annotations

from pathlib import Path

from sim.analysis.comparisons import compare_all, summarise
from sim.analysis.results import Results
from sim.analysis.survival import retention_curves
from sim.plots.fit import fit_plots
from sim.plots.groups import by_group
from sim.plots.kpis import FOREST_KPIS, forest, headline_kpis, kpi_bars
from sim.plots.market import market_plots
from sim.plots.payback import payback_plot
from sim.plots.price_response import price_response_plot
from sim.plots.retention import retention_plot
from sim.plots.selection import shown_variants, variant_colours
from sim.plots.series import monthly_plots
from sim.plots.sweep import sweep_plot
from sim.plots.waterfall import waterfall

__all__ = ["write_plots"]


def write_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Every plot for one sweep point (plus the sweep plot), written to `out_dir`."""
    summaries = summarise(results, point)
    kpis = headline_kpis(results.kpis)
    comparisons = [c for c in compare_all(results, point=point) if c.kpi in FOREST_KPIS]
    colour = variant_colours(results, point)
    shown = shown_variants(results, point)
    paths = payback_plot(results, colour, out_dir, point)
    paths += forest(comparisons, results.variants, colour, out_dir)
    paths += kpi_bars(summaries, shown, kpis, colour, out_dir)
    paths += monthly_plots(results, out_dir, point)
    paths += market_plots(results, colour, out_dir, point)
    paths += by_group(results, colour, out_dir, point)
    paths += retention_plot(retention_curves(results, point), shown, colour, results.horizon_days, out_dir)
    paths += waterfall(summaries, shown, colour, out_dir)
    paths += sweep_plot(results, "profit" if "profit" in results.kpis else results.kpis[0], out_dir)
    paths += fit_plots(results, out_dir)
    paths += price_response_plot(results, out_dir, point)
    return paths
