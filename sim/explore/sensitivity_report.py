"""The sensitivity folder: design and indices as CSV, plots, and sensitivity.md / .html to link or embed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.explore import plots
from sim.explore.sensitivity import Indices
from sim.explore.thresholds import BINS, Profile, describe, profile, sign_map
from sim.report.blocks import Block, Bullets, Heading, Image, Paragraph, Table
from sim.report.html import render_html
from sim.report.markdown import render_markdown

TOP = 3


@dataclass(frozen=True)
class SensitivityStudy:
    """What was asked and what came out: parameter values and output per design point, the indices."""

    experiment: str
    what: str
    kpi: str
    positive: str
    negative: str
    names: list[str]
    matrix: np.ndarray
    y: np.ndarray
    indices: Indices
    replications: int
    command: str


def write(study: SensitivityStudy, out: Path) -> list[Block]:
    """Write every file of the folder; returns the report blocks (the CLI prints the headline)."""
    out.mkdir(parents=True, exist_ok=True)
    _csv(out / "design.csv", ["point", *study.names, study.what],
         [[i, *row, y] for i, (row, y) in enumerate(zip(study.matrix, study.y))])
    stats = list(next(iter(study.indices.table.values())))
    _csv(out / "indices.csv", ["parameter", *stats],
         [[n, *study.indices.table[n].values()] for n in study.indices.rank])
    profiles = {n: profile(n, study.matrix[:, i], study.y) for i, n in enumerate(study.names)}
    blocks = _blocks(study, profiles, out)
    title = f"Sensitivity: {study.experiment}"
    (out / "sensitivity.md").write_text(render_markdown(blocks, out), encoding="utf-8")
    (out / "sensitivity.html").write_text(render_html(title, blocks), encoding="utf-8")
    return blocks


def _blocks(study: SensitivityStudy, profiles: dict[str, Profile], out: Path) -> list[Block]:
    top = study.indices.rank[:TOP]
    centre = float(study.y.mean())
    plots.tornado(study.indices, profiles, centre, study.kpi, study.what, out)
    plots.profiles_plot([profiles[n] for n in top], study.what, out)
    blocks: list[Block] = [
        Heading(f"Sensitivity of {study.what}", 1),
        Paragraph(f"{study.indices.method.capitalize()} analysis over {len(study.names)} uncertainties, "
                  f"{len(study.y)} design points, {study.replications} replications each with common random "
                  f"numbers. Mean over the design: {centre:,.4g}; positive at {np.mean(study.y > 0):.0%} "
                  f"of the points. Command: `{study.command}`."),
        Image(out / "tornado.png", "Tornado: mean output at the low and high end of each range (left); "
                                   "indices with 95% bootstrap intervals (right)."),
        _table(study.indices),
        Heading("Where the sign changes"),
        Bullets([describe(profiles[n], study.positive, study.negative) for n in top]),
        Image(out / "thresholds.png", f"Mean output in {BINS} bins of each top parameter (others vary); "
                                      "vertical lines: interpolated zero crossings."),
    ]
    if len(top) >= 2:
        i, j = study.names.index(top[0]), study.names.index(top[1])
        m = sign_map((top[0], top[1]), study.matrix[:, i], study.matrix[:, j], study.y)
        plots.sign_map_plot(m, study.what, out)
        blocks.append(Image(out / "sign_map.png", f"Mean output over `{top[0]}` and `{top[1]}` "
                                                  "(purple above zero, orange below; blank: no design point)."))
    return blocks


def _table(indices: Indices) -> Table:
    stats = list(next(iter(indices.table.values())))
    rows = [[f"`{n}`", *(f"{indices.table[n][s]:.4g}" for s in stats)] for n in indices.rank]
    return Table(["parameter", *stats], rows)


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
