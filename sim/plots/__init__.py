"""Comparison plots from a stored results folder (PNG and SVG); plots never run simulations."""

from __future__ import annotations

from pathlib import Path

from sim.analysis.comparisons import compare_all, summarise
from sim.analysis.results import Results
from sim.analysis.survival import retention_curves
from sim.plots.fit import fit_plots
from sim.plots.kpis import forest, headline_kpis, kpi_bars
from sim.plots.market import market_plots
from sim.plots.price_response import price_response_plot
from sim.plots.retention import retention_plot
from sim.plots.series import monthly_plots
from sim.plots.sweep import sweep_plot
from sim.plots.waterfall import waterfall

__all__ = ["write_plots"]


def write_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Every plot for one sweep point (plus the sweep plot), written to `out_dir`."""
    summaries = summarise(results, point)
    kpis = headline_kpis(results.kpis)
    comparisons = [c for c in compare_all(results, point=point) if c.kpi in kpis]
    paths = kpi_bars(summaries, results.variants, kpis, out_dir)
    paths += forest(comparisons, results.variants, out_dir)
    paths += monthly_plots(results, out_dir, point)
    paths += retention_plot(retention_curves(results, point), results.variants, results.horizon_days, out_dir)
    paths += waterfall(summaries, results.variants, out_dir)
    paths += sweep_plot(results, "profit" if "profit" in results.kpis else results.kpis[0], out_dir)
    paths += fit_plots(results, out_dir)
    paths += market_plots(results, out_dir, point)
    paths += price_response_plot(results, out_dir, point)
    return paths
