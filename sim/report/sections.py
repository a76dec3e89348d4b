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
from sim.plots.selection import shown_variants
from sim.report.blocks import Block, Bullets, Heading, Image, Paragraph, Table
from sim.report.headlines import HEADLINE_KPIS, pairing_sentence, sentence

CAPTIONS = {
    "payback": "When each change pays back: profit so far minus the baseline's, paired by replication, from the "
               "change on, with a 95% band; the circle is the month it turns positive for good.",
    "forest": "Differences from the baseline on the decision KPIs. Coloured: paired 95% CI (same customers in "
              "every variant); thick grey: the unpaired CI, for contrast. Beside each: the change as % of the "
              "baseline's mean.",
    "kpi_bars": "Key results per variant: mean over replications, whiskers at the 95% confidence interval.",
    "monthly_overview": "Customers and service month by month: mean over replications with a 95% band.",
    "monthly_money": "Money month by month: profit, revenue (net of refunds) and costs, revenue by stream, and "
                     "money given back.",
    "market_share": "Share of the market's customers month by month, ours and each rival's, per variant: mean "
                    "over replications with a 95% band.",
    "lost_customers_went": "Where our lost customers went (no one, or a rival) and where our new customers came "
                           "from, per variant: mean over replications.",
    "by_group": "Every variant, one column per group, each against the baseline: active customers, and profit so "
                "far minus the baseline's (paired), with 95% bands.",
    "retention": "Share of customers still active by months since joining (Kaplan-Meier, 95% band).",
    "waterfall": "From revenue streams to profit, each panel on its own scale. The hatched bar is money given back "
                 "(waived fees, refunds, discounts): a memo item, already out of revenue, not subtracted again.",
    "fit": "Observed figures (dots) over the simulated baseline (line and 95% band), in real units by date.",
    "price_response": "Share of the steady business's customers each price rise has lost 3 and 12 months after it "
                      "takes effect, by the size of the rise, one line per way of raising. Bands: paired 95% "
                      "intervals over replications, which include parameter uncertainty when the run drew "
                      "parameter sets with --posterior (the legend says which).",
}
KEY_PLOTS = ("payback", "forest", "monthly_overview", "monthly_money", "market_share", "by_group")


def uncertainty(results: Results) -> list[Block]:
    """What the intervals are over: with a posterior, replications that each drew a parameter set;
    without, replications at one parameter set (the reader must not take them for more)."""
    drawn = results.manifest.get("posterior")
    if isinstance(drawn, dict):
        return [Paragraph(f"The intervals include parameter uncertainty: each replication ran with one of "
                          f"{drawn.get('sets')} parameter sets drawn from {Path(str(drawn.get('file'))).name} (a copy "
                          "is in the results folder), the same set for every variant of a replication.")]
    return [Paragraph("The intervals are over replications at one parameter set: simulation noise only, not "
                      "what is uncertain about the behaviour (a run with --posterior, from `policysim calibrate "
                      "study`, carries that too).")]


def caption(stem: str, results: Results | None = None) -> str:
    """What a plot shows; continued figures (monthly_overview_2) share their first's; the line plots of a
    study with many variants say which they draw."""
    base = stem.rstrip("0123456789").rstrip("_") if stem[-1:].isdigit() else stem
    if base.startswith("sweep_"):
        return f"{label(base.removeprefix('sweep_'))} over the swept parameters (mean, 95% band)."
    text = CAPTIONS.get(base, base.replace("_", " ").capitalize() + ".")
    if base != stem:
        text += " (continued)"
    if results is not None and base in LINE_PLOTS:
        shown = shown_variants(results)
        if len(shown) < len(results.variants):
            text += (f" Shown: the baseline and the {len(shown) - 1} variants with the most customers or profit; "
                     "every variant is in by_group.")
    return text


LINE_PLOTS = frozenset({"kpi_bars", "payback", "monthly_overview", "monthly_money", "market_share", "retention",
                        "waterfall"})


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
    """Every KPI per variant that is not zero in all of them: mean and 95% CI over replications."""
    by = {(s.variant, s.kpi): s.interval for s in summarise(results)}
    kpis = [k for k in results.kpis if any(by[(v, k)].mean != 0 for v in results.variants)]
    rows = [[label(k), *(_interval(k, by[(v, k)]) for v in results.variants)] for k in kpis]
    n = int(results.manifest.get("replications") or 0)
    left_out = len(results.kpis) - len(kpis)
    note = f" {left_out} KPIs that are zero in every variant are left out." if left_out else ""
    return [Heading("Key results"),
            Paragraph(f"Mean over {n} replications with the 95% t interval in brackets; money over the "
                      f"whole horizon ({results.horizon_days:g} days).{note}"),
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
    return [Heading(f"Appendix: differences from `{results.baseline}`"),
            Paragraph("Replication r of every variant sees the same customers (common random numbers), so "
                      "differences are paired per replication. The unpaired half-width shows what the "
                      "comparison would look like without that pairing."),
            Table(["variant", "KPI", "mean difference", "paired 95% CI", "relative (of baseline mean)", "paired ±",
                   "unpaired ±"], rows)]


def plots(paths: list[Path], results: Results | None = None, key: bool = True) -> list[Block]:
    """The key PNGs (KEY_PLOTS), or the others, with captions (SVG files sit beside them in plots/)."""
    chosen = [p for p in paths if p.suffix == ".png" and (p.stem in KEY_PLOTS) == key]
    if not chosen:
        return []
    return [Heading("Key plots" if key else "More plots"), *(Image(p, caption(p.stem, results)) for p in chosen)]


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
