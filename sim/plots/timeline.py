"""Dated changes on the time axis: each change's announcement, effective day and end of
grandfathering as lines in every monthly panel, named in a strip above the panels (off the data).

A study may hold thousands of dated changes, so marks at the same month and kind merge, the lines
of a panel are one collection, and only the first few marks get a label; the strip counts the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from sim.config import Experiment
from sim.config.timeline import MONTH, Change

ANNOUNCED, IN_FORCE, OLD_PRICE_ENDS = "announced", "in force", "old prices end"
LineStyle = Literal[":", "-", "-."]
STYLE: dict[str, tuple[LineStyle, str, str]] = {
    ANNOUNCED: (":", "#555555", "v"), IN_FORCE: ("-", "#222222", "v"), OLD_PRICE_ENDS: ("-.", "#555555", "D")}
MAX_LABELLED = 5
MAX_WHAT = 20
STRIP_HEIGHT = 1.15  # inches


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


def split_for_strip(fig: Figure, marks: list[Mark], months: float) -> Figure | SubFigure:
    """With marks, draw the strip at the top of `fig` and return the subfigure for the panels below;
    without, `fig` itself."""
    if not marks:
        return fig
    height = fig.get_figheight()
    top, rest = fig.subfigures(2, 1, height_ratios=[STRIP_HEIGHT, height - STRIP_HEIGHT])  # type: ignore[misc]  # stubs: an array
    _strip(top.subplots(), marks, months)
    return rest


def _strip(ax: Axes, marks: list[Mark], months: float) -> None:
    ax.set_xlim(-0.5, months)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=10, length=3, pad=1)
    ax.set_xlabel("")
    labelled = marks[:MAX_LABELLED]
    slots = len(labelled) + (1 if len(marks) > MAX_LABELLED else 0)
    for i, mark in enumerate(labelled):
        style, colour, marker = STYLE[mark.kind]
        ax.plot([mark.month], [0.08], marker=marker, color=colour, ms=7, clip_on=False)
        ax.annotate(f"{mark.kind} (month {mark.month:.3g})\n{mark.what}", xy=(mark.month, 0.12), xycoords="data",
                    xytext=((i + 0.5) / slots, 0.62), textcoords="axes fraction", ha="center", va="center",
                    fontsize=10.5, color=colour,
                    arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.8, "linestyle": style})
    rest = marks[MAX_LABELLED:]
    for mark in rest:
        ax.plot([mark.month], [0.08], marker=STYLE[mark.kind][2], color="#999999", ms=4, clip_on=False)
    if rest:
        ax.text(1 - 0.5 / slots, 0.62, f"+{len(rest)} more\nchanges", transform=ax.transAxes, ha="center",
                va="center", fontsize=10.5, color="#555555")
    ax.set_title("Changes by month (lines in the panels below)", loc="left", fontsize=11, pad=2)
