"""The report's section on changes during the run: each variant's timeline, what the change cost
and when it paid back (sim.analysis.payback)."""

from __future__ import annotations

from sim.analysis.intervals import Interval
from sim.analysis.payback import first_change_month, payback
from sim.analysis.results import Results
from sim.config import Experiment
from sim.config.timeline import MONTH, Change
from sim.plots.labels import format_value
from sim.report.blocks import Block, Heading, Paragraph, Table

WHO = {"at_once": "everyone", "never": "new customers only", "after_grandfathering": "existing after {m:g} months"}


def changes(results: Results, config: Experiment) -> list[Block]:
    """Nothing when no variant changes anything."""
    timelines = {n: v for n, v in config.variants.items() if v.changes}
    if not timelines:
        return []
    rows = [[f"`{name}`", f"month {c.day / MONTH:.1f}", f"{c.notice_days:g} days", _who(c), c.describe()]
            for name, v in timelines.items() for c in v.changes]
    blocks: list[Block] = [
        Heading("Changes during the run"),
        Paragraph("Dated changes of each variant's levers. Customers hear of a price change `notice` days "
                  "before they pay it and feel it against the price they are used to, again at the first "
                  "bill. The dashed lines on the monthly plots mark the changes."),
        Table(["variant", "in force from", "notice", "who", "what"], rows),
    ]
    if results.baseline in timelines:
        return blocks
    paybacks = [payback(results, n, first_change_month(v) or 0) for n, v in timelines.items()]
    blocks += [
        Paragraph(f"Running profit difference from the first change (or its announcement) on, paired against "
                  f"`{results.baseline}`: the lowest point is what the transition cost; it pays back in the "
                  "first month after which the difference stays at or above zero."),
        Table(["variant", "transition cost (95% CI)", "lowest in month", "pays back in month",
               "difference at the horizon (95% CI)"],
              [[f"`{p.variant}`", _money(p.cost), str(p.cost_month),
                "not within the horizon" if p.payback_month is None else str(p.payback_month),
                _money(p.at_horizon)] for p in paybacks]),
    ]
    return blocks


def _who(change: Change) -> str:
    return WHO[change.existing_customers].format(m=change.grandfather_months)


def _money(iv: Interval) -> str:
    return f"{format_value('profit', iv.mean)} ({format_value('profit', iv.low)} to {format_value('profit', iv.high)})"
