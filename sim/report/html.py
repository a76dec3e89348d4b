"""Render report blocks to one self-contained HTML file (images embedded as base64 PNG)."""

from __future__ import annotations

import base64
import html
import re

from sim.report.blocks import Block, Bullets, Code, Contents, Heading, Image, Paragraph, Raw, Table, anchor

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1280px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:3px solid #0072B2;padding-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.3em .6em}
th{background:#f2f6fa;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fafafa}code{background:#f3f3f3;padding:0 .25em;border-radius:3px}
pre{background:#f6f8fa;padding:.8em;overflow-x:auto}figure{margin:1.5em 0}img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.9em}.warn{background:#fff4e5;border-left:4px solid #E69F00;padding:.5em}
ul.headlines li{margin:.4em 0;font-size:1.05em}
div.wide{overflow-x:auto}nav#contents ol{columns:3;font-size:.92em;margin:.5em 0 1em;padding-left:1.5em}
nav#contents a{color:#0072B2}
"""
CODE_SPAN = re.compile(r"`([^`]+)`")


def render_html(title: str, blocks: list[Block]) -> str:
    """A complete HTML document."""
    body = render_fragment(blocks)
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def render_fragment(blocks: list[Block]) -> str:
    """The blocks without the document around them, for pages that embed report sections."""
    return "\n".join(_block(b) for b in blocks)


def inline(text: str) -> str:
    """Escape text and turn `code` spans into <code>."""
    return CODE_SPAN.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f'<h{block.level} id="{anchor(block.text)}">{inline(block.text)}</h{block.level}>'
    if isinstance(block, Raw):
        return block.html
    if isinstance(block, Contents):
        items = "".join(f'<li><a href="#{anchor(h)}">{inline(h)}</a></li>' for h in block.headings)
        return f'<nav id="contents"><ol>{items}</ol></nav>'
    if isinstance(block, Paragraph):
        cls = ' class="warn"' if block.text.startswith("Warning") else ""
        return f"<p{cls}>{inline(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{inline(i)}</li>" for i in block.items)
        return f'<ul class="headlines">{items}</ul>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        data = base64.b64encode(block.path.read_bytes()).decode("ascii")
        return (f'<figure><img alt="{html.escape(block.caption)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{inline(block.caption)}</figcaption></figure>")
    if isinstance(block, Code):
        return f"<pre>{html.escape(block.text)}</pre>"
    inner = "\n".join(_block(b) for b in block.blocks)
    return f"<details><summary>{inline(block.summary)}</summary>\n{inner}\n</details>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{inline(h)}</th>" for h in table.header)
    num = ' class="num"' if table.numeric else ""
    rows = "".join(
        "<tr>" + "".join(f"<td{num if i else ''}>{inline(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
