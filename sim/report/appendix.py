"""The supporting sections: churn reasons, warm-up, replication advice, assumptions, reproducibility."""

from __future__ import annotations

import json

from sim.analysis.advice import advise
from sim.analysis.churn import churn_reasons
from sim.analysis.results import Results
from sim.analysis.series import series_names
from sim.analysis.survival import DAYS_PER_MONTH
from sim.analysis.warmup import detect_warmup
from sim.config import Experiment
from sim.plots.labels import format_value, is_share, label, relative_makes_sense
from sim.report.assumptions import changed, parameters
from sim.report.blocks import Block, Bullets, Code, Details, Heading, Paragraph, Table
from sim.report.headlines import HEADLINE_KPIS

WARMUP_SERIES = ("active_customers", "profit")
ADVICE_PRECISION = 0.05


def churn(results: Results) -> list[Block]:
    """Share of churned customers per recorded reason (the experience that cost most goodwill)."""
    counts = churn_reasons(results)
    reasons = sorted({r for c in counts.values() for r in c}, key=lambda r: -sum(c[r] for c in counts.values()))
    rows = []
    for reason in reasons:
        cells = []
        for variant in results.variants:
            total = sum(counts[variant].values())
            n = counts[variant][reason]
            cells.append(f"{n / total:.0%} ({n:,})" if total else "")
        rows.append([reason, *cells])
    rows.append(["all churned customers", *(f"{sum(counts[v].values()):,}" for v in results.variants)])
    return [Heading("Why customers left"),
            Paragraph("Share of churned customers by recorded reason, all replications pooled; `baseline` means "
                      "no recent experience stood out."),
            Table(["reason", *[f"`{v}`" for v in results.variants]], rows)]


def warmup(results: Results) -> list[Block]:
    """MSER-5 truncation per variant beside the configured warm-up."""
    names = series_names(results)
    series = next((s for s in WARMUP_SERIES if s in names), names[0] if names else None)
    configured = float(results.manifest.get("warmup_days") or 0.0)
    if series is None:
        return [Heading("Warm-up"), Paragraph("No monthly series stored: MSER-5 not applied.")]
    rows = []
    for w in detect_warmup(results, series):
        note = "no steady state within the horizon" if w.at_limit else ""
        if w.length < 20:
            note = "series too short for a reliable answer"
        rows.append([f"`{w.variant}`", f"{w.truncate} months", f"{w.length} months", note])
    text = (f"Configured warm-up: {configured:g} days ({configured / DAYS_PER_MONTH:.1f} months), left out of the "
            f"statistics. Beside it, the truncation that MSER-5 chooses on the monthly series `{series}` "
            "(batches of 5 months, mean over replications). MSER assumes the series settles to a steady "
            "level; a lasting trend, such as a growing customer base, is not a warm-up and is not removed by one.")
    return [Heading("Warm-up"), Paragraph(text),
            Table(["variant", "MSER-5 truncation", "series length", "note"], rows, numeric=False)]


def advice(results: Results) -> list[Block]:
    """Replications needed for a half-width of 5% of the baseline mean on the headline KPIs."""
    rows = []
    for kpi in [k for k in HEADLINE_KPIS if k in results.kpis and relative_makes_sense(k)]:
        items = [a for a in advise(results, ADVICE_PRECISION) if a.kpi == kpi]
        if not items:
            continue
        diffs = [a.needed_difference for a in items if a.needed_difference is not None]
        target = f"{100 * items[0].half_width:.2g} pp" if is_share(kpi) else format_value(kpi, items[0].half_width)
        rows.append([label(kpi), f"±{target}", str(items[0].run),
                     str(max(a.needed_mean for a in items)), str(max(diffs)) if diffs else ""])
    return [Heading("How many replications?"),
            Paragraph(f"Replications needed for a 95% interval of ±{ADVICE_PRECISION:.0%} of the baseline mean, "
                      "using the spread seen so far (largest over variants). Differences usually need fewer, because "
                      "pairing removes the shared noise."),
            Table(["KPI", "target ±", "run", "needed (means)", "needed (paired differences)"], rows)]


def assumptions(config: Experiment) -> list[Block]:
    """Parameters that differ from the defaults, then the full parameter list folded away."""
    rows = [[f"`{p.path}`", _show(p.value), _show(p.default), p.source] for p in changed(config)]
    blocks: list[Block] = [Heading("Assumptions"),
                           Paragraph("Parameters this experiment sets away from the defaults, with where each "
                                     "default comes from (`assumption` marks a judgement to test by a sweep).")]
    blocks.append(Table(["parameter", "value used", "default", "default's source"], rows, numeric=False)
                  if rows else Paragraph("Every parameter is at its default."))
    if config.sweep:
        blocks.append(Bullets([f"Swept: `{path}` over {', '.join(_show(v) for v in values)}"
                               for path, values in config.sweep.items()]))
    full = [[f"`{p.path}`", _show(p.value), p.source] for p in parameters(config)]
    blocks.append(Details("All parameters used, with sources",
                          [Table(["parameter", "value", "default's source"], full, numeric=False)]))
    return blocks


def reproducibility(results: Results) -> list[Block]:
    """What it takes to get the same numbers again."""
    m = results.manifest
    versions = m.get("versions") or {}
    lines = [f"command: {m.get('command', 'unknown')}", f"root seed: {m['root_seed']}",
             f"config hash: {m['config_hash']}", f"run id: {m.get('run_id', results.path.name)}",
             f"created: {m.get('created', 'unknown')}", f"replications: {m['replications']}",
             "versions: " + (", ".join(f"{k} {v}" for k, v in versions.items()) if isinstance(versions, dict)
                             else json.dumps(versions))]
    return [Heading("Reproducibility"),
            Paragraph("The same config and seed give the same numbers; `config.toml` in this folder is the "
                      "experiment file as run."),
            Code("\n".join(lines))]


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
