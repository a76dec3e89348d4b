"""validation.html: the table, how each expected value and interval is formed, and the timings,
rendered by the report's HTML renderer (one self-contained file, the report's look)."""

from __future__ import annotations

from sim.report.blocks import Block, Bullets, Heading, Paragraph, Table
from sim.report.html import render_html
from sim.validation.check import CONFIDENCE
from sim.validation.suite import CaseResult
from sim.validation.table import check_verdict, verdict


def validation_page(results: list[CaseResult], quick: bool) -> str:
    """The page; no timings, so the same checks give the same bytes whatever ran them (the terminal has the times)."""
    checks = [c for r in results for c in r.checks]
    failed = [c.case for c in checks if c.counts_against]
    open_ = [c.case for c in checks if not c.fitted]
    mode = "quick mode (smaller samples, wider intervals)" if quick else "default mode"
    summary = (f"{len(checks) - len(failed) - len(open_)} of {len(checks) - len(open_)} checks pass, {mode}. "
               f"Intervals are {CONFIDENCE:.0%}; a check passes when the expected value lies inside the "
               "interval, or, for reported ranges and survey figures, within the stated tolerance.")
    blocks: list[Block] = [Heading("policysim validation", 1), Paragraph(summary)]
    if failed:
        blocks.append(Paragraph("Warning: failed: " + "; ".join(failed)))
    if open_:
        blocks.append(Paragraph("Not counted: documented cases the shared behaviour is not fitted to yet "
                                "(shown as hit or miss): " + "; ".join(open_)))
    blocks += [
        Table(["case", "expected", "observed", "interval", "result"],
              [[c.case, c.expected, c.observed, c.interval, check_verdict(c)] for c in checks]),
        Heading("How each case is formed"),
        Bullets([f"{r.name} ({verdict(r.passed)}, {len(r.checks)} checks): "
                 + "; ".join(dict.fromkeys(c.how for c in r.checks)) for r in results]),
        Paragraph("The cases are those of docs/design.md (Validation); each lives in its own module of "
                  "`sim/validation` whose docstring says what is expected and why."),
    ]
    return render_html("policysim validation", blocks)
