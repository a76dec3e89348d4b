"""Draw the README's three pictures from quick runs of shipped studies: `python docs/make_pictures.py`
(`NAME ...` reruns only those pictures' studies; `--redraw` draws every picture again from the
tables already written, without running anything).

Each picture is drawn from a small table of the numbers it shows, written beside it
(docs/pictures/NAME.csv), and docs/pictures/sources.json records the hashes of the study file,
this script, the table and the picture. tests/docs/test_pictures.py checks those hashes on every
run (cheap: a study or this script edited without redrawing fails), and with --slow reruns the
quick studies and checks the tables (a model change that moves what a picture shows fails).
Quick runs are reproducible to the byte, so the tables are too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
import sim  # noqa: E402

OUT = REPO / "docs" / "pictures"
SOURCES = OUT / "sources.json"
SIZE = (12.0, 6.0)  # inches at 100 dpi: 1200 x 600 pixels, readable on a projector
FONT = 16
Rows = list[dict[str, str]]


@dataclass(frozen=True)
class Picture:
    name: str
    config: str
    table: Callable[[Path], Rows]  # results folder -> the numbers the picture shows
    draw: Callable[[Rows], plt.Figure]


def _records(folder: Path, name: str) -> Rows:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def profit_differences(folder: Path) -> Rows:
    """Each option's paired profit difference from the baseline, with its 95% interval."""
    keep = ("variant", "mean_diff", "ci_low", "ci_high")
    return [{k: r[k] for k in keep} for r in _records(folder, "comparisons.csv") if r["kpi"] == "profit"]


def market_shares(folder: Path) -> Rows:
    """Our market share at each month start, mean over replications, per variant."""
    sums: dict[tuple[str, int], list[float]] = defaultdict(list)
    for r in _records(folder, "timeseries.csv"):
        if r["series"] == "market_share":
            sums[(r["variant"], int(r["month"]))].append(float(r["value"]))
    return [{"variant": v, "month": str(m), "share": repr(sum(x) / len(x))} for (v, m), x in sums.items()]


def subscribers_around_a_rise(folder: Path) -> Rows:
    """Active subscribers at each month start, mean over replications, without and with a 40% rise."""
    sums: dict[tuple[str, int], list[float]] = defaultdict(list)
    for r in _records(folder, "timeseries.csv"):
        if r["series"] == "active_customers" and r["variant"] in RISE_VARIANTS:
            sums[(r["variant"], int(r["month"]))].append(float(r["value"]))
    return [{"variant": v, "month": str(m), "customers": repr(sum(x) / len(x))} for (v, m), x in sums.items()]


RISE_VARIANTS = ("no_change", "raise_40_at_once", "raise_40_notice", "raise_40_grandfathered")


def _figure(title: str) -> tuple[plt.Figure, plt.Axes]:
    plt.rcParams.update({"font.size": FONT, "axes.spines.top": False, "axes.spines.right": False})
    fig, ax = plt.subplots(figsize=SIZE, dpi=100, layout="constrained")
    ax.set_title(title, loc="left", fontsize=FONT + 4, fontweight="bold")
    return fig, ax


def draw_profit(rows: Rows) -> plt.Figure:
    fig, ax = _figure("Profit against keeping late fees (paired 95% CI)")
    names = [r["variant"] for r in rows]
    for y, r in enumerate(rows):
        low, mean, high = (float(r[k]) / 1000 for k in ("ci_low", "mean_diff", "ci_high"))
        ax.plot([low, high], [y, y], lw=6, color="#0072B2", solid_capstyle="butt")
        ax.plot(mean, y, "o", ms=14, color="#D55E00")
    ax.axvline(0, color="black", lw=1.5)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("difference in profit over three years ($ thousand, quick run)")
    return fig


def draw_market(rows: Rows) -> plt.Figure:
    fig, ax = _figure("Our market share once a rival by mail opens (quick run)")
    by_variant: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in rows:
        by_variant[r["variant"]].append((int(r["month"]), 100 * float(r["share"])))
    for variant, points in by_variant.items():
        months, shares = zip(*sorted(points))
        ax.plot(months, shares, lw=3, label=variant)
    ax.axvline(6, color="grey", ls="--", lw=1.5)
    ax.text(5.6, 94, "the rival\nopens", color="grey", ha="right", va="top")
    ax.set_ylim(40, 101)
    ax.set_xlabel("month")
    ax.set_ylabel("our share of customers (%)")
    ax.legend(frameon=False, fontsize=FONT - 2, loc="lower left", bbox_to_anchor=(0.22, 0.0))
    return fig


def draw_rise(rows: Rows) -> plt.Figure:
    fig, ax = _figure("Subscribers around a 40% price rise at month 12 (quick run)")
    by_variant: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in rows:
        by_variant[r["variant"]].append((int(r["month"]), float(r["customers"])))
    for variant in RISE_VARIANTS:
        months, customers = zip(*sorted(by_variant[variant]))
        ax.plot(months, customers, lw=3, label=variant)
    ax.axvline(12, color="grey", ls="--", lw=1.5)
    ax.set_ylim(0, None)
    ax.set_xlabel("month")
    ax.set_ylabel("active subscribers")
    ax.legend(frameon=False, fontsize=FONT - 2, loc="lower left")
    return fig


PICTURES = (
    Picture("headline", "configs/blockbuster_vs_netflix.toml", profit_differences, draw_profit),
    Picture("market", "configs/duel.toml", market_shares, draw_market),
    Picture("price_rise", "configs/price_increase.toml", subscribers_around_a_rise, draw_rise),
)


def quick_run(config: str, out: Path) -> Path:
    """The study in quick mode (a quarter of the business, three replications): its results folder."""
    return sim.run(str(REPO / config), quick=True, workers=2, progress=False, out=out).folder


def table_text(rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(picture: Picture) -> dict[str, str]:
    """The hashes of what a picture is made from and of the picture itself."""
    return {"config": sha256(REPO / picture.config), "script": sha256(Path(__file__)),
            "table": sha256(OUT / f"{picture.name}.csv"), "picture": sha256(OUT / f"{picture.name}.png")}


def read_table(picture: Picture) -> Rows:
    with (OUT / f"{picture.name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(rerun: set[str]) -> None:
    """Run the studies of the pictures named in `rerun`, write their tables, and draw every picture
    from its table."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for picture in PICTURES:
            if picture.name in rerun:
                rows = picture.table(quick_run(picture.config, Path(scratch) / picture.name))
                (OUT / f"{picture.name}.csv").write_text(table_text(rows), encoding="utf-8")
            fig = picture.draw(read_table(picture))
            fig.savefig(OUT / f"{picture.name}.png", metadata={"Software": None})
            plt.close(fig)
    sources = {p.name: recorded(p) for p in PICTURES}
    SOURCES.write_text(json.dumps(sources, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    names = {p.name for p in PICTURES}
    wanted = set(sys.argv[1:]) - {"--redraw"}
    if wanted - names:
        raise SystemExit(f"make_pictures: no picture {', '.join(sorted(wanted - names))}; they are {', '.join(sorted(names))}")
    main(set() if "--redraw" in sys.argv[1:] else wanted or names)
