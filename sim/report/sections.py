"""The main sections of the report: headlines, KPI table, differences, plots, retention."""

from __future__ import annotations

import math
from pathlib import Path

from sim.analysis.comparisons import compare, compare_all, summarise
from sim.analysis.intervals import Interval
from sim.analysis.lifetime_value import lifetime_values
from sim.analysis.results import Results
from sim.analysis.survival import DAYS_PER_MONTH, retention_curves
from sim.plots.labels import format_value, is_share, label, percent, relative_makes_sense
from sim.report.blocks import Block, Bullets, Heading, Image, Paragraph, Table
from sim.report.headlines import HEADLINE_KPIS, pairing_sentence, sentence

CAPTIONS = {
    "kpi_bars": "Key results per variant: mean over replications, whiskers at the 95% confidence interval.",
    "forest": "Differences from the baseline. Coloured: paired 95% CI (same customers in every variant); "
              "grey: the unpaired CI, for contrast. Right: change as a share of the baseline mean.",
    "monthly_overview": "Customers month by month: mean over replications with a 95% band.",
    "monthly_money": "Money month by month: revenue by stream (net of refunds), money given back, costs, profit.",
    "retention": "Share of customers still active by months since joining (Kaplan-Meier, 95% band).",
    "fit": "Observed figures (dots) over the simulated baseline (line and 95% band), in real units by date.",
    "price_response": "Share of the steady business's customers each price rise has lost 3 and 12 months after it "
                      "takes effect, by the size of the rise, one line per way of raising. Bands: paired 95% "
                      "intervals over replications, which include parameter uncertainty when the run drew "
                      "parameter sets with --posterior (the legend says which).",
    "waterfall": "From revenue streams to profit. The hatched bar is money given back (waived fees, refunds, "
                 "discounts): a memo item, already out of revenue, not subtracted again.",
}


def headlines(results: Results) -> list[Block]:
    """Plain sentences for the headline KPIs, the pairing gain on profit, and per sweep point on profit."""
    kpis = [k for k in HEADLINE_KPIS if k in results.kpis]
    items = [sentence(c) for kpi in kpis for c in compare(results, kpi)]
    blocks: list[Block] = [Heading("Headlines"), Bullets(items)]
    if "profit" in results.kpis:
        notes = [s for s in (pairing_sentence(c) for c in compare(results, "profit")) if s]
        blocks += [Paragraph(n) for n in notes]
    if len(results.points) > 1:
        blocks.append(Paragraph("The statements above are for sweep point 0; per sweep point, profit:"))
        blocks.append(Bullets([f"{_point_label(results, p)}: {sentence(c)}"
                               for p in results.points for c in compare(results, _kpi0(results), point=p)]))
    return blocks


def kpi_table(results: Results) -> list[Block]:
    """Every KPI per variant: mean and 95% CI over replications."""
    by = {(s.variant, s.kpi): s.interval for s in summarise(results)}
    rows = [[label(k), *(_interval(k, by[(v, k)]) for v in results.variants)] for k in results.kpis]
    n = int(results.manifest.get("replications") or 0)
    return [Heading("Key results"),
            Paragraph(f"Mean over {n} replications with the 95% t interval in brackets; money over the "
                      f"whole horizon ({results.horizon_days:g} days)."),
            Table(["KPI", *[f"`{v}`" for v in results.variants]], rows)]


def differences(results: Results) -> list[Block]:
    """Paired differences against the baseline for every KPI, with the unpaired width beside."""
    rows = []
    for c in compare_all(results):
        rel = percent(c.rel_change) if c.baseline_mean > 0 and relative_makes_sense(c.kpi) else ""
        rows.append([f"`{c.variant}`", label(c.kpi), _amount(c.kpi, c.paired.mean),
                     f"{_amount(c.kpi, c.paired.low)} to {_amount(c.kpi, c.paired.high)}", rel,
                     f"±{_amount(c.kpi, c.paired.half_width, False)}",
                     f"±{_amount(c.kpi, c.unpaired.half_width, False)}"])
    return [Heading(f"Differences from `{results.baseline}`"),
            Paragraph("Replication r of every variant sees the same customers (common random numbers), so "
                      "differences are paired per replication. The unpaired half-width shows what the "
                      "comparison would look like without that pairing."),
            Table(["variant", "KPI", "mean difference", "paired 95% CI", "relative (of baseline mean)", "paired ±",
                   "unpaired ±"], rows)]


def plots(paths: list[Path]) -> list[Block]:
    """The PNGs with captions (SVG files sit beside them in plots/)."""
    blocks: list[Block] = [Heading("Plots")]
    for path in paths:
        if path.suffix == ".png":
            caption = CAPTIONS.get(path.stem, f"{label(path.stem.removeprefix('sweep_'))} over the swept parameters.")
            blocks.append(Image(path, caption))
    return blocks


def retention(results: Results) -> list[Block]:
    """Retention at 12 months (or the horizon) and customer lifetime value per variant."""
    day = min(365.0, results.horizon_days)
    curves = retention_curves(results)
    rows = []
    for clv in lifetime_values(results):
        curve = curves.get(clv.variant)
        kept = "n/a" if curve is None else "{:.1%} ({:.1%} to {:.1%})".format(*curve.at(day))
        rows.append([f"`{clv.variant}`", kept, _interval("revenue", clv.value),
                     format_value("revenue", clv.spend_per_month), f"{clv.expected_months:.1f}"])
    return [Heading("Retention and customer lifetime value"),
            Paragraph(f"Retention is the Kaplan-Meier estimate at {day / DAYS_PER_MONTH:.0f} months after "
                      "joining, pooled over replications, with customers still active at the horizon censored. "
                      "Customer lifetime value (CLV) = spend per month of tenure (total spend / total "
                      "customer-months) x expected months of tenure within the horizon (area under the "
                      "Kaplan-Meier curve). It is undiscounted, before the costs of serving the customer, "
                      "and stops at the horizon: a yardstick between variants, not a valuation. "
                      "Its interval is over replications."),
            Table(["variant", f"retained at {day / DAYS_PER_MONTH:.0f} months (95% CI)", "CLV (95% CI)",
                   "spend per month", "expected months"], rows)]


def _interval(kpi: str, iv: Interval) -> str:
    if math.isnan(iv.low):
        return format_value(kpi, iv.mean)
    return f"{format_value(kpi, iv.mean)} ({format_value(kpi, iv.low)} to {format_value(kpi, iv.high)})"


def _amount(kpi: str, value: float, signed: bool = True) -> str:
    """Differences of shares in percentage points, everything else in the KPI's units."""
    if is_share(kpi):
        return f"{100 * value:{'+' if signed else ''}.2f} pp"
    return format_value(kpi, value)


def _kpi0(results: Results) -> str:
    return "profit" if "profit" in results.kpis else results.kpis[0]


def _point_label(results: Results, point: int) -> str:
    values = results.point_values(point)
    return ", ".join(f"{path.split('.')[-1]} = {value:g}" if isinstance(value, float) else f"{path} = {value}"
                     for path, value in values.items())
