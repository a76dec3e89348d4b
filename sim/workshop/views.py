"""What the page shows of a finished run: the report's own sections as HTML fragments, and plot URLs.

The sections are the ones `report.html` is built from (sim.report.sections), so the page and the
exported report say the same thing in the same words. A study with rivals also gets the report's
market section and the market's plots (sim.plots.market), which the page shows apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.analysis.results import load_results
from sim.report import sections, stored_config
from sim.report.blocks import Block, Heading
from sim.report.html import render_fragment
from sim.report.market import market
from sim.workshop.jobs import WorkshopRun
from sim.workshop.paths import Roots

MARKET_PLOTS = {  # the captions the page gives them where the report has none
    "market_share": "Share of the market's customers month by month, ours and each rival's, per variant: "
                    "mean over replications with a 95% band.",
    "lost_customers_went": "Where our lost customers went (no one, or a rival) and where our new customers came "
                           "from, per variant: mean over replications.",
}
PLOT_ORDER = [*sections.CAPTIONS, *MARKET_PLOTS]


def run_result(run: WorkshopRun, roots: Roots) -> dict[str, Any]:
    """Headlines, KPI table, paired differences, retention table and (with rivals) the market; plots
    once they are drawn."""
    with run.lock:  # an early merge may be writing the tables
        results = load_results(run.folder)
        results.read_all()
    plots = sorted(run.folder.glob("plots/*.png"), key=_plot_rank) if run.state == "done" else []
    return {
        **run.public(),
        "headlines": _fragment(sections.headlines(results)),
        "kpis": _fragment(sections.kpi_table(results)),
        "differences": _fragment(sections.differences(results)),
        "retention": _fragment(sections.retention(results)),
        "market": _fragment(market(results, stored_config(results))),
        "plots": [_plot(p, roots) for p in plots],
        "report": f"/api/runs/{run.id}/report.html",
        "config": f"/api/runs/{run.id}/config.toml",
        "folder": roots.ref(run.folder),
    }


def _plot(path: Path, roots: Roots) -> dict[str, str]:
    """A plot's address, name, caption and the page's section for it ('market' or 'results')."""
    stem = path.stem
    caption = sections.CAPTIONS.get(stem) or MARKET_PLOTS.get(stem) or stem.replace("_", " ")
    return {"url": "/files/" + roots.ref(path), "name": stem, "caption": caption,
            "section": "market" if stem in MARKET_PLOTS else "results"}


def _fragment(blocks: list[Block]) -> str:
    """A section without its heading (the page has its own)."""
    return render_fragment([b for b in blocks if not isinstance(b, Heading)])


def _plot_rank(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (PLOT_ORDER.index(stem) if stem in PLOT_ORDER else len(PLOT_ORDER), stem)
