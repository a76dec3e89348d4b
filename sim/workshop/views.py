"""What the page shows of a finished run: the report's own sections as HTML fragments, and plot URLs.

The sections are the ones `report.html` is built from (sim.report.sections), so the page and the
exported report say the same thing in the same words. A study with rivals also gets the report's
market section and the market's plots (sim.plots.market), which the page shows apart.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.answer import DECISION_KPIS, answer, tile
from sim.analysis.results import Results, load_results
from sim.report import sections, stored_config
from sim.report.answer_panel import VERDICT_CLASS, answer_html
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
SERIES = {"active_customers": "Active customers", "profit": "Profit per month ($)",
          "revenue": "Revenue per month ($)", "churned": "Customers lost per month",
          "market_share": "Market share", "mean_goodwill": "Mean goodwill"}


def read(run: WorkshopRun, everything: bool = False) -> Results:
    """A run's results; the time series and customers read at once when `everything` (the report's
    sections need them), else when first used."""
    with run.lock:  # an early merge may be writing the tables
        results = load_results(run.folder)
        if everything:
            results.read_all()
    return results


def run_result(run: WorkshopRun, roots: Roots, previous: WorkshopRun | None = None) -> dict[str, Any]:
    """The answer panel (against the baseline, and against the previous run of the study), headlines,
    KPI table, paired differences, retention table and (with rivals) the market; plots once drawn."""
    results = read(run, everything=True)
    plots = sorted(run.folder.glob("plots/*.png"), key=_plot_rank) if run.state == "done" else []
    return {
        **run.public(),
        "answer": answer_html(answer(results, stored_config(results))),
        "previous": against_previous(results, previous, read(previous)) if previous else "",
        "uncertainty": _fragment(sections.uncertainty(results)),
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


def against_previous(results: Results, previous: WorkshopRun, before: Results) -> str:
    """Tiles of each variant whose numbers moved, paired with the same variant in the previous run
    (the same seeds: replication r against replication r), under the previous run's name."""
    rows = []
    kpis = [k for k in DECISION_KPIS if k in results.kpis and k in before.kpis]
    n = min(len(results.kpi("profit", results.baseline)), len(before.kpi("profit", before.baseline)))
    for variant in (v for v in results.variants if v in before.variants):
        pairs = {k: (results.kpi(k, variant)[:n], before.kpi(k, variant)[:n]) for k in kpis}
        if all(np.array_equal(a, b, equal_nan=True) for a, b in pairs.values()):
            continue
        tiles = "".join(_tile_html(tile(k, a, b, results.horizon_days)) for k, (a, b) in pairs.items())
        rows.append(f'<div class="variant"><h3><code>{html.escape(variant)}</code> against the same option in '
                    f'run {previous.id} ({html.escape(previous.label)})</h3><div class="tiles">{tiles}</div></div>')
    if not rows:
        return ""
    return f'<section id="answer-previous"><h3>Against run {previous.id}</h3>{"".join(rows)}</section>'


def _tile_html(t: Any) -> str:
    cls = VERDICT_CLASS.get(t.verdict, "unclear")
    return (f'<div class="tile {cls}" data-kpi="{t.kpi}"><div class="name">{html.escape(t.title)}</div>'
            f'<div class="value">{html.escape(t.value)}</div><div class="verdict">{html.escape(t.verdict)}</div>'
            f'<div class="span">{html.escape(t.span)}; {html.escape(t.good)}</div></div>')


def monthly_series(run: WorkshopRun) -> dict[str, Any]:
    """Month-by-month means over replications of a few series, per variant, for overlaying runs."""
    with run.lock:  # not read(): it takes the same lock
        ts = load_results(run.folder).timeseries
    out: dict[str, dict[str, list[float]]] = {}
    for name in SERIES:
        chosen = ts["series"] == name
        if not chosen.any():
            continue
        for variant in np.unique(ts["variant"][chosen]):
            rows = chosen & (ts["variant"] == variant) & (ts["point"] == 0)
            months, values = ts["month"][rows].astype(int), ts["value"][rows].astype(float)
            means = np.bincount(months, values) / np.maximum(np.bincount(months), 1)
            out.setdefault(name, {})[str(variant)] = [round(float(v), 6) for v in means]
    return {"id": run.id, "label": run.label, "titles": {k: SERIES[k] for k in out}, "series": out}
