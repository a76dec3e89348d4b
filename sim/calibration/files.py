"""A calibration's folder: posterior.csv, calibrated.toml, diagnostics.json and calibration.md/.html."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from sim.calibration import summary
from sim.calibration.importance import weighted_correlation
from sim.calibration.study import Posterior
from sim.config.base import ConfigError
from sim.config.load import parse_experiment
from sim.config.observed import resolve
from sim.errors import UserError
from sim.plots.calibration import Point, band_plot, correlation_plot, parameters_plot
from sim.report.blocks import Block, Heading, Image, Paragraph, Table
from sim.report.html import render_html
from sim.report.markdown import render_markdown
from sim.results_folder import atomic_write, csv_bytes

POSTERIOR = "posterior.csv"
WRITTEN = 1e-9  # points below this share of the largest weight are left out of posterior.csv


def posterior_bytes(post: summary.Fitted) -> bytes:
    """`set,weight,<path>...`: every point that carries weight (set = its index in the run order)."""
    w = post.weights
    rows = np.flatnonzero(w >= WRITTEN * w.max())
    total = w[rows].sum()
    return csv_bytes(["set", "weight", *post.setup.names], (
        [int(i), float(w[i] / total), *(_value(v, is_int) for v, is_int in zip(post.values[i], post.setup.integers))]
        for i in rows))


def _value(v: float, is_int: bool) -> float | int:
    return int(round(v)) if is_int else float(v)


def calibrated_toml(text: str, source: str, out: Path, observed_file: str, train_until: dt.date | None) -> str:
    """The study's own text with `posterior = "posterior.csv"` in its [calibration] table (and the
    --train-until given), its observed file named from the new folder; checked by parsing it again."""
    observed = os.path.relpath(resolve(observed_file, source).resolve(), out.resolve())
    lines, table = [], ""
    for line in text.splitlines():
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            table = header.group(1)
        key = re.match(r"\s*([A-Za-z_\"][^=]*?)\s*=", line)
        name = key.group(1).strip('"') if key and not header else ""
        if table == "calibration" and name in ("posterior",) + (("train_until",) if train_until else ()):
            continue
        if table == "observed" and name == "file":
            line = f"file = {json.dumps(observed)}"
        lines.append(line)
        if header and table == "calibration":
            lines.append(f'posterior = "{POSTERIOR}"')
            if train_until:
                lines.append(f"train_until = {train_until.isoformat()}")
    result = "\n".join(lines) + "\n"
    try:
        check = parse_experiment(result, str(out / "calibrated.toml")).config.calibration
    except ConfigError:
        check = None
    if check is None or check.posterior != POSTERIOR:
        raise UserError(f"{source}: cannot write calibrated.toml: the [calibration] table must be a table of "
                        "its own ([calibration] header), not dotted keys")
    return result


def write(post: Posterior, diagnostics: dict[str, Any], text: str, source: str, observed_file: str,
          train_until: dt.date | None, out: Path) -> None:
    """Every file of the folder (the run-by-run record is the caller's)."""
    atomic_write(out / POSTERIOR, posterior_bytes(post))
    atomic_write(out / "calibrated.toml", calibrated_toml(text, source, out, observed_file, train_until).encode())
    atomic_write(out / "diagnostics.json", (json.dumps(diagnostics, indent=2) + "\n").encode())
    blocks = _blocks(post, diagnostics, out)
    title = f"Calibration: {post.setup.config.experiment.name}"
    atomic_write(out / "calibration.md", render_markdown(blocks, out).encode())
    atomic_write(out / "calibration.html", render_html(title, blocks).encode())


def _blocks(post: Posterior, d: dict[str, Any], out: Path) -> list[Block]:
    s = post.setup
    band = summary.predictive(post.sims, post.weights)
    band_plot([Point(o, band[k]) for k, o in enumerate(s.targets)],
              "Observed targets beside the calibrated predictive band", out, "targets")
    parameters_plot(s.priors, post.values, post.weights, out)
    corr = weighted_correlation(post.units, post.weights)
    correlation_plot(s.names, corr, out)
    params = [[f"`{n}`", f"{p['prior_low']:.4g} to {p['prior_high']:.4g} ({p['distribution']})",
               f"{p['median']:.4g}", f"{p['p05']:.4g} to {p['p95']:.4g}"] for n, p in d["parameters"].items()]
    targets = [[t["date"], t["firm"], t["kpi"], f"{t['observed']:,.4g}", _num(t["p50"]),
                f"{_num(t['p05'])} to {_num(t['p95'])}", _num(t["mc_error"])] for t in d["targets"]]
    pairs = [[f"`{k}`", _num(v, "+.2f")] for k, v in d["correlations"].items()]
    return [
        Heading(f"Calibration of {s.config.experiment.name}", 1),
        Paragraph(f"{d['runs_used']} runs: {d['parameter_points']} parameter sets in {len(d['stages'])} stages, "
                  f"{d['replications_per_point']} replications each on common random numbers; effective sample "
                  f"size {d['effective_sample_size']:.1f}, acceptance {d['acceptance']:.0%} ({d['acceptance_means']}); "
                  f"{d['wall_time_seconds']:g} s. posterior.csv holds the weighted sample; calibrated.toml is the "
                  "study with it named (`policysim run calibrated.toml` draws one set per replication)."),
        Table(["parameter", "prior", "posterior median", "90% interval"], params),
        Image(out / "targets.png", "Each target: observed points (orange) beside the simulated predictive band "
                                   "(50% and 90%) over the sample's parameter sets and replications."),
        Table(["date", "firm", "kpi", "observed", "median", "90% predictive", "Monte Carlo error"], targets),
        Image(out / "parameters.png", "Prior (grey) against posterior (blue) per parameter."),
        Heading("Which parameters the targets cannot tell apart"),
        Paragraph("Correlations of the posterior sample on the prior's scale (log for a loguniform prior). Near "
                  "+1 or -1, the targets fix a combination of the two parameters, not each one."),
        Table(["pair", "correlation"], pairs),
        Image(out / "correlations.png", "Posterior correlations."),
    ]


def _num(x: float | None, spec: str = ",.4g") -> str:
    return "n/a" if x is None else format(x, spec)
