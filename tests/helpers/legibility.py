"""What makes a figure legible in a room, as checks on a drawn matplotlib figure: no two pieces of
text overlap, no text below the minimum size, no colour twice in a legend, bars inside their axes."""

from __future__ import annotations

from itertools import combinations

from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from sim.plots.style import MIN_FONT

TOLERANCE = 1.0  # pixels


def texts(fig: Figure) -> list[Text]:
    """Every non-empty text the figure draws (tick labels, titles, legends, annotations): recorded
    while drawing, so tick labels matplotlib keeps outside the view do not count."""
    drawn: list[Text] = []
    original = Text.draw

    def record(self: Text, renderer) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    Text.draw = record  # type: ignore[method-assign]
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    return list(dict.fromkeys(drawn))


def overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of texts whose bounding boxes intersect."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer).padded(-TOLERANCE)) for t in texts(fig)]
    boxes = [(s, b) for s, b in boxes if b.width > 0 and b.height > 0]
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


def texts_off_the_figure(fig: Figure) -> list[str]:
    """Texts that run past the figure's edges (cut off in the PNG)."""
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox.padded(TOLERANCE)
    return [t.get_text() for t in texts(fig)
            if not (frame.x0 <= (box := Text.get_window_extent(t, renderer)).x0 and box.x1 <= frame.x1
                    and frame.y0 <= box.y0 and box.y1 <= frame.y1)]


def small_texts(fig: Figure) -> list[tuple[str, float]]:
    return [(t.get_text(), t.get_fontsize()) for t in texts(fig) if t.get_fontsize() < MIN_FONT - 1e-9]


def repeated_legend_colours(fig: Figure) -> list[str]:
    """Legend entries (of the figure and of each axes) that share a colour with another entry."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    repeated = []
    for legend in legends:
        seen: dict[str, str] = {}
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            colour = _colour(handle)
            if colour is None:
                continue
            if colour in seen and seen[colour] != text.get_text():
                repeated.append(f"{seen[colour]} / {text.get_text()}: {colour}")
            seen.setdefault(colour, text.get_text())
    return repeated


def _colour(handle) -> str | None:
    for getter in ("get_color", "get_facecolor"):
        if hasattr(handle, getter):
            value = getattr(handle, getter)()
            if isinstance(value, str) and value == "none":
                return None
            try:
                return to_hex(value if not hasattr(value, "ndim") or value.ndim == 1 else value[0])
            except (ValueError, IndexError):
                return None
    return None


def bars_outside_axes(fig: Figure) -> list[str]:
    """Bars whose drawn extent leaves their axes."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        frame = ax.get_window_extent(renderer).padded(TOLERANCE)
        for patch in ax.patches:
            if isinstance(patch, Rectangle) and patch.get_width() and patch.get_height():
                box = patch.get_window_extent(renderer)
                if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1):
                    out.append(f"{ax.get_title()}: bar at {patch.get_xy()}")
    return out
