"""The report as a list of plain blocks, rendered once to HTML and once to Markdown.

Text may hold `code` spans in backticks; each renderer turns them into its own markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: list[str]


@dataclass(frozen=True)
class Table:
    """A table of a header and rows."""

    header: list[str]
    rows: list[list[str]]
    numeric: bool = True


@dataclass(frozen=True)
class Image:
    """A figure file with its caption."""

    path: Path
    caption: str


@dataclass(frozen=True)
class Code:
    """A block of code, shown as written."""

    text: str


@dataclass(frozen=True)
class Details:
    """Long material folded away in HTML (a plain subsection in Markdown)."""

    summary: str
    blocks: list["Block"] = field(default_factory=list)


@dataclass(frozen=True)
class Raw:
    """A ready HTML fragment (the answer panel), with plain blocks that say the same in Markdown."""

    html: str
    blocks: list["Block"] = field(default_factory=list)


@dataclass(frozen=True)
class Contents:
    """A table of contents: links to the given section headings."""

    headings: list[str]


Block = Union[Heading, Paragraph, Bullets, Table, Image, Code, Details, Raw, Contents]


def anchor(text: str) -> str:
    """The id of a heading, as GitHub forms it: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9 _-]", "", text.lower()).strip().replace(" ", "-")
