"""The workshop report of a results folder: plots, report.html (self-contained) and report.md.

Everything is computed from the stored files; nothing here runs a simulation.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import numpy as np

from sim.analysis.answer import answer
from sim.analysis.comparisons import check_stored_comparisons
from sim.analysis.results import Results, load_results
from sim.config import Experiment
from sim.plots import write_plots
from sim.plots.style import without_vector_copies
from sim.report import appendix, sections
from sim.report.answer_panel import answer_blocks, answer_html
from sim.report.blocks import Block, Contents, Heading, Paragraph, Raw, Table
from sim.report.changes import changes, fit, plans
from sim.report.html import render_html
from sim.report.markdown import render_markdown
from sim.report.market import market
from sim.report.price_response import price_response
from sim.report.slides import pptx, write_slides
from sim.report.stored import rebuild_derived, stored_experiment
from sim.report.what_if import what_if
from sim.results_lock import folder_lock

__all__ = ["build_blocks", "write_report"]


def write_report(results_dir: Path, slides: bool = False, vector: bool = True) -> list[Path]:
    """Write plots to `<results_dir>/plots/` (PNG, and SVG unless `vector` is off), then report.html
    and report.md (and with `slides`, slides.pptx); return every path written."""
    results_dir = Path(results_dir)
    if slides:
        pptx()  # a missing extra stops here, before anything is written
    with folder_lock(results_dir) if results_dir.is_dir() else nullcontext():
        with nullcontext() if vector else without_vector_copies():
            return _write_report(results_dir, slides)


def _write_report(results_dir: Path, slides: bool) -> list[Path]:
    """write_report's work, under the folder's lock: every file read is checked against the manifest
    (sim.report.stored), summary.csv and comparisons.csv rebuilt if they are not what the run wrote."""
    results = load_results(results_dir)
    results.read_all()
    loaded = stored_experiment(results)
    rebuilt = rebuild_derived(results, loaded)
    check_stored_comparisons(results)
    config = loaded.config
    plot_paths = write_plots(results, results_dir / "plots")
    _drop_stale_plots(results_dir / "plots", plot_paths)
    blocks = build_blocks(results, config, plot_paths)
    title = f"{results.manifest['experiment']}: policy comparison"
    html_path, md_path = results_dir / "report.html", results_dir / "report.md"
    html_path.write_text(render_html(title, blocks), encoding="utf-8")
    md_path.write_text(render_markdown(blocks, results_dir), encoding="utf-8")
    deck = [write_slides(results, config, answer(results, config), plot_paths)] if slides else []
    return [*rebuilt, *plot_paths, html_path, md_path, *deck]


def _drop_stale_plots(folder: Path, written: list[Path]) -> None:
    """Plot files an earlier report wrote and this one did not (a by_group_2 the new grouping no longer
    needs, the SVGs of a PNG-only report): left there, they would pass for this report's plots."""
    for path in folder.glob("*.*"):
        if path.suffix in (".png", ".svg") and path not in written:
            path.unlink()


def stored_config(results: Results) -> Experiment:
    """The experiment as run, re-validated from the stored config.toml (checked against its hash)."""
    return stored_experiment(results).config


def build_blocks(results: Results, config: Experiment, plot_paths: list[Path]) -> list[Block]:
    """The whole report, in reading order: the answer, contents, key plots, then tables and appendix."""
    body = [
        *sections.plots(plot_paths, results, key=True),
        *_variants(config),
        *sections.headlines(results),
        *what_if(results, config),
        *market(results, config),
        *changes(results, config),
        *price_response(results),
        *sections.kpi_table(results),
        *plans(results),
        *fit(results),
        *sections.retention(results),
        *sections.plots(plot_paths, results, key=False),
        *sections.differences(results),
        *appendix.churn(results),
        *appendix.warmup(results),
        *appendix.advice(results),
        *appendix.assumptions(config),
        *appendix.reproducibility(results),
    ]
    panel = answer(results, config)
    contents = Contents([b.text for b in body if isinstance(b, Heading) and b.level == 2])
    return [*_title(results, config), Raw(answer_html(panel), answer_blocks(panel)), contents, *body]


def _variants(config: Experiment) -> list[Block]:
    """What each variant stands for, as the study describes it."""
    rows = [[f"`{name}`{' (baseline)' if v.baseline else ''}", v.description]
            for name, v in config.variants.items() if v.description]
    return [Heading("The variants"), Table(["variant", "what it does"], rows, numeric=False)] if rows else []


def _title(results: Results, config: Experiment) -> list[Block]:
    m = results.manifest
    blocks: list[Block] = [Heading(f"{m['experiment']}: which policy wins, by how much", level=1)]
    if config.experiment.description:
        blocks.append(Paragraph(config.experiment.description))
    quick = (" Quick mode: a quarter of the business and at most 3 replications, so money is about a quarter "
             "of the full study's and intervals are wider; run without --quick to confirm." if m.get("quick") else "")
    blocks.append(Paragraph(f"{m['replications']} replications per variant, horizon {m['horizon_days']:g} days, "
                            f"root seed {m['root_seed']}, run `{m.get('run_id', results.path.name)}`.{quick}"))
    blocks.extend(sections.uncertainty(results))
    if _nothing_happened(results):
        blocks.append(Paragraph("Nothing happened: no run had a single customer (none at day 0 and none joined), "
                                "so there is no revenue, every rate is n/a and the table shows the fixed costs "
                                "alone. Give the study customers (`scenario.customers.initial` or "
                                "`marketing_prospects_per_month`) to compare the policies."))
    if m.get("complete") is False:
        blocks.append(Paragraph("Warning: this run is incomplete (not every replication is written); "
                                "the numbers below use the replications present."))
    return blocks


def _nothing_happened(results: Results) -> bool:
    """No customer-month in any run: the study is valid but has nothing to compare."""
    return "customer_months" in results.kpis and not np.any(results.runs["customer_months"])
