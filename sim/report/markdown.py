"""Render report blocks to Markdown for pasting into documents (images linked from plots/)."""

from __future__ import annotations

from pathlib import Path

from sim.report.blocks import Block, Bullets, Code, Contents, Heading, Image, Paragraph, Raw, Table, anchor


def render_markdown(blocks: list[Block], base: Path) -> str:
    """Markdown text; image links are relative to `base` (the results folder)."""
    return "\n\n".join(_block(b, base) for b in blocks) + "\n"


def _block(block: Block, base: Path) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}"
    if isinstance(block, Raw):
        return "\n\n".join(_block(b, base) for b in block.blocks)
    if isinstance(block, Contents):
        return "\n".join(f"{i}. [{h.replace('`', '')}](#{anchor(h)})" for i, h in enumerate(block.headings, 1))
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join(f"- {item}" for item in block.items)
    if isinstance(block, Table):
        lines = [_row(block.header), "|" + "|".join("---" for _ in block.header) + "|"]
        return "\n".join(lines + [_row(r) for r in block.rows])
    if isinstance(block, Image):
        return f"![{block.caption}]({block.path.relative_to(base).as_posix()})\n\n*{block.caption}*"
    if isinstance(block, Code):
        return f"```\n{block.text}\n```"
    return "\n\n".join([f"### {block.summary}", *(_block(b, base) for b in block.blocks)])


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
