"""Dated changes on the time axis: each change's announcement, effective day and end of
grandfathering as lines in every monthly panel, lettered in a strip above each top panel on that
panel's own month axis, and named by letter in a key at the top of the figure (off the data).

A study may hold thousands of dated changes, so marks at the same month and kind merge, the lines
of a panel are one collection, and only the first few marks get a letter; the key counts the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from sim.config import Experiment
from sim.config.timeline import MONTH, Change

ANNOUNCED, IN_FORCE, OLD_PRICE_ENDS = "announced", "in force", "old prices end"
LineStyle = Literal[":", "-", "-."]
STYLE: dict[str, tuple[LineStyle, str, str]] = {
    ANNOUNCED: (":", "#555555", "v"), IN_FORCE: ("-", "#222222", "v"), OLD_PRICE_ENDS: ("-.", "#555555", "D")}
MAX_LABELLED = 5
MAX_WHAT = 36  # characters of a change's description in the key
STRIP_HEIGHT = 0.32  # inches
GAP = 0.01  # strip above its panel, as a share of the panel's height
LETTER_GAP = 0.22  # inches between neighbouring letters' centres (a bold letter is about 0.11 wide)
LAID_OUT = 0.8  # share of a panel's first-guess width left once the layout has made room for its labels
LETTERS = "ABCDE"
KEY_ROW, KEY_PAD = 0.24, 0.12  # inches per line of the key, and around it
KEY_CHAR, KEY_HANDLE = 0.085, 0.55  # inches per character of a key label at its size, and per marker and gaps
OTHER = "#999999"


@dataclass(frozen=True)
class Mark:
    """One dated change's moment on a time axis: announcement, effect or end of grandfathering."""

    month: float
    kind: str
    what: str  # what changes, shortened
    count: int  # changes merged into this mark


def change_marks(config: Experiment | None, variants: Iterable[str]) -> list[Mark]:
    """One mark per (month, kind) over the variants' changes, in time order."""
    if config is None:
        return []
    merged: dict[tuple[float, str], dict[str, None]] = {}
    for name in variants:
        variant = config.variants.get(name)
        for change in variant.changes if variant is not None else ():
            for day, kind in _days(change):
                merged.setdefault((round(day / MONTH, 2), kind), {})[change.describe()] = None
    return [Mark(month, kind, _short(list(labels)), len(labels)) for (month, kind), labels in sorted(merged.items())]


def _days(change: Change) -> list[tuple[float, str]]:
    days = [(change.day, IN_FORCE)]
    if change.notice_days > 0:
        days.append((change.announced, ANNOUNCED))
    if change.grandfathered_until > change.day:
        days.append((change.grandfathered_until, OLD_PRICE_ENDS))
    return days


def _short(labels: list[str]) -> str:
    """'+10%, +20%' while it fits in MAX_WHAT characters, then '+10% +3 more'."""
    joined = ", ".join(labels)
    if len(joined) <= MAX_WHAT:
        return joined
    first = labels[0] if len(labels[0]) <= MAX_WHAT else labels[0][:MAX_WHAT - 1] + "…"
    return first + (f" +{len(labels) - 1} more" if len(labels) > 1 else "")


def mark_panel(ax: Axes, marks: list[Mark]) -> None:
    """A vertical line per mark, styled by kind, drawn as one collection per kind."""
    for kind, (style, colour, _) in STYLE.items():
        months = [m.month for m in marks if m.kind == kind]
        if months:
            ax.vlines(months, 0, 1, transform=ax.get_xaxis_transform(), colors=colour, linestyles=style, lw=1.1,
                      zorder=1)


def key_above(fig: Figure, marks: list[Mark]) -> Figure | SubFigure:
    """With marks, a key naming each lettered mark at the top of `fig` (under its title); returns the
    subfigure for the panels below it, or `fig` itself without marks."""
    if not marks:
        return fig
    labelled = marks[:MAX_LABELLED]
    handles = [Line2D([], [], ls="none", marker=STYLE[m.kind][2], color=STYLE[m.kind][1], ms=7) for m in labelled]
    labels = [f"{LETTERS[i]}: {m.kind}, month {m.month:.3g} ({m.what})" for i, m in enumerate(labelled)]
    if len(marks) > MAX_LABELLED:
        handles.append(Line2D([], [], ls="none", marker="v", color=OTHER, ms=5))
        labels.append(f"+{len(marks) - MAX_LABELLED} more changes")
    columns = _key_columns(labels, fig.get_figwidth())
    height = KEY_ROW * math.ceil(len(labels) / columns) + KEY_PAD
    key, panels = fig.subfigures(2, 1, height_ratios=[height, fig.get_figheight() - height])  # type: ignore[misc]  # stubs: an array
    key.legend(handles, labels, loc="center", ncol=columns, fontsize=10.5, handletextpad=0.3, columnspacing=1.5,
               frameon=False)
    return panels


def _key_columns(labels: list[str], width: float) -> int:
    """The most columns (up to 3) whose widest labels fit across `width` inches; the legend fills
    its columns top to bottom."""
    for columns in (3, 2):
        rows = math.ceil(len(labels) / columns)
        widest = [max(len(t) for t in labels[c * rows:(c + 1) * rows]) for c in range(columns) if labels[c * rows:]]
        if sum(KEY_HANDLE + KEY_CHAR * n for n in widest) <= width * 0.95:
            return min(columns, len(labels))
    return 1


def mark_strips(top_row: Iterable[Axes], marks: list[Mark], own: Sequence[list[Mark]] | None = None) -> None:
    """Above each top panel a thin strip on the panel's own month axis with a lettered marker per mark
    (letters as in the key), so a letter sits exactly over its line; the panel's title moves above its
    strip. With `own`, each panel's strip shows only its own marks (a facet's variants)."""
    labelled = marks[:MAX_LABELLED]
    for i, ax in enumerate(top_row):
        if ax.get_visible() and marks:
            mine = {(m.month, m.kind) for m in (own[i] if own is not None else marks)}
            _strip(ax, [m if (m.month, m.kind) in mine else None for m in labelled],
                   [m for m in marks[MAX_LABELLED:] if (m.month, m.kind) in mine])


def _inches(ax: Axes) -> tuple[float, float]:
    """The size of the figure `ax` is drawn in."""
    fig = ax.get_figure(root=True)
    assert fig is not None, "a panel outside any figure"
    width, height = fig.get_size_inches()
    return float(width), float(height)


def _spread(months: list[float], ax: Axes) -> list[float]:
    """Letter positions for marks in time order: at their months, pushed right just enough to keep
    LETTER_GAP between neighbours, then back left from the axis' end if the last went past it."""
    low, high = ax.get_xlim()
    inches = ax.get_position().width * _inches(ax)[0] * LAID_OUT
    gap = LETTER_GAP * (high - low) / max(inches, LETTER_GAP)
    places: list[float] = []
    for month in months:
        places.append(max(month, places[-1] + gap) if places else month)
    for i in reversed(range(len(places))):
        end = high if i == len(places) - 1 else places[i + 1] - gap
        places[i] = min(places[i], end)
    return places


def _strip(ax: Axes, labelled: list[Mark | None], rest: list[Mark]) -> None:
    """`labelled` keeps the key's order (None: a mark this panel does not have)."""
    height = STRIP_HEIGHT / max(ax.get_position().height * _inches(ax)[1], STRIP_HEIGHT)
    strip = ax.inset_axes((0.0, 1.0 + GAP, 1.0, height), sharex=ax)
    strip.set_ylim(0, 1)
    strip.set_axis_off()  # no ticks, spines or grid: the panel's own axis below says the month
    strip.axhline(0.2, color="#bbbbbb", lw=0.8)
    shown = [(i, m) for i, m in enumerate(labelled) if m is not None]
    places = _spread([m.month for _, m in shown], ax)
    for (i, mark), x in zip(shown, places):
        style, colour, marker = STYLE[mark.kind]
        strip.plot([mark.month], [0.2], marker=marker, color=colour, ms=6, clip_on=False)
        strip.text(x, 0.75, LETTERS[i], ha="center", va="center", fontsize=10.5, fontweight="bold", color=colour)
        if x != mark.month:  # moved aside from a near neighbour: a leader back to its marker
            strip.plot([mark.month, x], [0.3, 0.55], color=colour, lw=0.8, linestyle=style, clip_on=False)
    for mark in rest:
        strip.plot([mark.month], [0.2], marker=STYLE[mark.kind][2], color=OTHER, ms=4, clip_on=False)
    strip.set_title(ax.get_title(), fontsize=ax.title.get_fontsize(), fontweight=ax.title.get_fontweight())
    ax.set_title("")
