"""The report's price-response section: the table behind plots/price_response.png, for a study
recognised as one (sim.analysis.price_response)."""

from __future__ import annotations

import math

from sim.analysis.intervals import Interval
from sim.analysis.price_response import MONTHS_AFTER, curve, posterior_note, stored_rises, ways
from sim.analysis.results import Results
from sim.report.blocks import Block, Heading, Paragraph, Table


def price_response(results: Results) -> list[Block]:
    """Per rise: the share of the base lost at each delay, with its paired 95% interval."""
    rises = stored_rises(results)
    if not rises:
        return []
    lost = {(p.rise.variant, p.months): p.lost for p in curve(results, rises)}
    rows = [[f"+{100 * r.size:.0f}%", r.way, f"`{r.variant}`", *(_share(lost[(r.variant, m)]) for m in MONTHS_AFTER)]
            for r in sorted(rises, key=lambda r: (r.size, ways(rises).index(r.way)))]
    return [Heading("Price response"),
            Paragraph(f"Share of `{results.baseline}`'s active customers each rise has lost, 3 and 12 months after "
                      "it takes effect: 1 - active customers of the variant / those of the baseline at the start "
                      "of that month, per replication (paired), with its 95% interval over replications, "
                      f"{posterior_note(results)}. Positive: fewer customers than the steady business."),
            Table(["rise", "way", "variant", *(f"lost after {m} months (95% CI)" for m in MONTHS_AFTER)], rows)]


def _share(iv: Interval) -> str:
    if math.isnan(iv.mean):
        return "past the horizon"
    if math.isnan(iv.low):
        return f"{iv.mean:.1%}"
    return f"{iv.mean:.1%} ({iv.low:.1%} to {iv.high:.1%})"
