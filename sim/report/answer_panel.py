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
#answer{margin:.6em 0 1.2em}#answer h2{margin:.2em 0}
#answer .summary{font-size:1.2em;font-weight:600;margin:.3em 0 .6em;line-height:1.35}
#answer .variant{display:flex;gap:.5em;align-items:stretch;margin:.4em 0}
#answer .variant h3{flex:0 0 10.5em;margin:0;font-size:.95em;border:0;align-self:center;overflow-wrap:anywhere}
#answer .tiles{display:flex;flex:1;gap:.4em}
#answer .tile{flex:1 1 0;min-width:0;border:1px solid #ccc;border-left:6px solid #999;border-radius:4px;
padding:.2em .5em;background:#fafafa;line-height:1.25}
#answer .tile.better{border-left-color:#009E73;background:#eef8f4}
#answer .tile.worse{border-left-color:#D55E00;background:#fcf0e8}
#answer .tile .name{font-size:.8em;color:#444}
#answer .tile .value{font-size:1.35em;font-weight:700}#answer .tile .verdict{font-size:.8em;font-weight:600}
#answer .tile .span{font-size:.72em;color:#555}
#answer .key{font-size:.8em;color:#555;margin:.2em 0}#answer details summary{cursor:pointer;color:#0072B2}
"""


def answer_html(answer: Answer) -> str:
    """`<section id="answer">`: the summary sentence, then each variant's tiles."""
    shown = _open(answer.variants)
    opened = [_variant(v) for v in answer.variants if v.variant in shown]
    folded = [_variant(v) for v in answer.variants if v.variant not in shown]
    more = (f"<details><summary>{len(folded)} more options against <code>{html.escape(answer.baseline)}</code>"
            f"</summary>{''.join(folded)}</details>" if folded else "")
    key = (f'<p class="key">Each tile: the variant minus <code>{html.escape(answer.baseline)}</code>, paired by '
           'replication, with its 95% CI. Green: better, orange: worse, grey: no clear difference (more profit, '
           'customers and market share, less churn and an earlier payback are better).</p>')
    return (f'<section id="answer"><style>{CSS}</style><h2>The answer</h2>'
            f'<p class="summary">{inline(answer.summary)}</p>{"".join(opened)}{more}{key}</section>')


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
    return (f'<div class="variant" data-variant="{html.escape(v.variant)}"><h3><code>{html.escape(v.variant)}</code>'
            f'</h3><div class="tiles">{tiles}</div></div>')


def _tile(t: Tile) -> str:
    cls = VERDICT_CLASS.get(t.verdict, "unclear")
    return (f'<div class="tile {cls}" data-kpi="{t.kpi}" title="{html.escape(t.good)}">'
            f'<div class="name">{html.escape(t.title)}</div>'
            f'<div class="value">{html.escape(t.value)}</div><div class="verdict">{html.escape(t.verdict)}</div>'
            f'<div class="span">{html.escape(t.span)}</div></div>')
