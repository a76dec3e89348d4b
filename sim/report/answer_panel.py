"""The answer panel (sim.analysis.answer) as an HTML fragment with id `answer`, shared by report.html
and the workshop page, and as report blocks for report.md.

The fragment carries its own scoped style so any page can drop it in. With many variants only the
few with the most profit are open; the rest fold away, so the panel stays inside a first screen.
"""

from __future__ import annotations

import html

from sim.analysis.answer import BETTER, UNCLEAR, WORSE, Answer, Tile, VariantAnswer
from sim.report.blocks import Block, Heading, Paragraph, Table
from sim.report.html import inline

MAX_OPEN = 5  # variants shown open; the rest are one click away
VERDICT_CLASS = {BETTER: "better", WORSE: "worse", UNCLEAR: "unclear"}
CSS = """
#answer{margin:1em 0 1.5em}#answer .summary{font-size:1.25em;font-weight:600;margin:.3em 0 .7em}
#answer .variant{margin:.5em 0}#answer .variant h3{margin:.2em 0;font-size:1.05em;border:0}
#answer .tiles{display:flex;flex-wrap:wrap;gap:.5em}
#answer .tile{flex:1 1 12em;max-width:17em;border:1px solid #ccc;border-left:6px solid #999;border-radius:4px;
padding:.35em .6em;background:#fafafa}
#answer .tile.better{border-left-color:#009E73;background:#eef8f4}
#answer .tile.worse{border-left-color:#D55E00;background:#fcf0e8}
#answer .tile .name{font-size:.85em;color:#444}#answer .tile .value{font-size:1.5em;font-weight:700;line-height:1.2}
#answer .tile .verdict{font-weight:600}#answer .tile .span{font-size:.78em;color:#555}
#answer details summary{cursor:pointer;color:#0072B2}
"""


def answer_html(answer: Answer) -> str:
    """`<section id="answer">`: the summary sentence, then each variant's tiles."""
    shown = _open(answer.variants)
    opened = [_variant(v) for v in answer.variants if v.variant in shown]
    folded = [_variant(v) for v in answer.variants if v.variant not in shown]
    more = (f"<details><summary>{len(folded)} more options against <code>{html.escape(answer.baseline)}</code>"
            f"</summary>{''.join(folded)}</details>" if folded else "")
    return (f'<section id="answer"><style>{CSS}</style><h2>The answer</h2>'
            f'<p class="summary">{inline(answer.summary)}</p>{"".join(opened)}{more}</section>')


def answer_blocks(answer: Answer) -> list[Block]:
    """The same answer for Markdown: the sentence and one row per variant."""
    if not answer.variants:
        return []
    kpis = [t.title for t in answer.variants[0].tiles]
    rows = [[f"`{v.variant}`", *(f"{t.value}: {t.verdict} ({t.span})" for t in v.tiles)] for v in answer.variants]
    return [Heading("The answer"), Paragraph(answer.summary),
            Table([f"against `{answer.baseline}`", *kpis], rows, numeric=False)]


def _open(variants: list[VariantAnswer]) -> set[str]:
    """All variants when few; else the MAX_OPEN with the largest profit difference."""
    if len(variants) <= MAX_OPEN + 1:
        return {v.variant for v in variants}
    ranked = sorted(variants, key=lambda v: -_profit(v))
    return {v.variant for v in ranked[:MAX_OPEN]}


def _profit(variant: VariantAnswer) -> float:
    tile = next((t for t in variant.tiles if t.kpi == "profit"), None)
    return tile.difference.mean if tile is not None else 0.0


def _variant(v: VariantAnswer) -> str:
    tiles = "".join(_tile(t) for t in v.tiles)
    return (f'<div class="variant"><h3><code>{html.escape(v.variant)}</code> against '
            f'<code>{html.escape(v.baseline)}</code></h3><div class="tiles">{tiles}</div></div>')


def _tile(t: Tile) -> str:
    cls = VERDICT_CLASS.get(t.verdict, "unclear")
    return (f'<div class="tile {cls}" data-kpi="{t.kpi}"><div class="name">{html.escape(t.title)}</div>'
            f'<div class="value">{html.escape(t.value)}</div>'
            f'<div class="verdict">{html.escape(t.verdict)}</div>'
            f'<div class="span">{html.escape(t.span)}; {html.escape(t.good)}</div></div>')
