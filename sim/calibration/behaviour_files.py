"""The folder of a joint fit of the behaviour: posterior.csv (the weighted sample a run draws from),
diagnostics.json, and behaviour.md/.html with its plots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from sim.calibration.behaviour import FIGURES, Posterior
from sim.calibration.files import POSTERIOR, posterior_bytes
from sim.calibration.importance import weighted_correlation
from sim.plots.calibration import correlation_plot, documented_plot, parameters_plot
from sim.report.blocks import Block, Heading, Image, Paragraph, Table
from sim.report.html import render_html
from sim.report.markdown import render_markdown
from sim.results_folder import atomic_write


def write(post: Posterior, d: dict[str, Any], out: Path) -> None:
    """Every file of the folder (the run-by-run record is the caller's)."""
    atomic_write(out / POSTERIOR, posterior_bytes(post))
    atomic_write(out / "diagnostics.json", (json.dumps(d, indent=2) + "\n").encode())
    blocks = _blocks(post, d, out)
    atomic_write(out / "behaviour.md", render_markdown(blocks, out).encode())
    atomic_write(out / "behaviour.html", render_html("Joint fit of the behaviour", blocks).encode())


def _blocks(post: Posterior, d: dict[str, Any], out: Path) -> list[Block]:
    s = post.setup
    band = np.array([[f[k] for k in ("p05", "p25", "p50", "p75", "p95")] for f in d["figures"]])
    documented_plot([f"{f.case}: {f.what}" for f in FIGURES], np.array([f.value for f in FIGURES]),
                    np.array([f.tolerance for f in FIGURES]), band, out)
    parameters_plot(s.priors, post.values, post.weights, out)
    correlation_plot(s.names, weighted_correlation(post.units, post.weights), out)
    params = [[f"`{n}`", f"{p['prior_low']:.4g} to {p['prior_high']:.4g} ({p['distribution']})",
               f"{p['median']:.4g}", f"{p['p05']:.4g} to {p['p95']:.4g}"] for n, p in d["parameters"].items()]
    figures = [[f["case"], f["what"], _pct(f["documented"]), f"±{f['tolerance']:.0%}", _pct(f["p50"]),
                f"{_pct(f['p05'])} to {_pct(f['p95'])}", _pct(f["mc_error"])] for f in d["figures"]]
    return [
        Heading("Joint fit of the behaviour to the documented cases", 1),
        Paragraph(f"{d['parameter_points']} parameter sets in {len(d['stages'])} stages, "
                  f"{d['replications_per_point']} replications of every case each, on common random numbers "
                  f"({d['runs_used']} case runs); effective sample size {d['effective_sample_size']:.1f}, "
                  f"acceptance {d['acceptance']:.0%}; {d['wall_time_seconds']:g} s. posterior.csv holds the "
                  "weighted sample: `policysim run STUDY --posterior posterior.csv` draws one set per replication."),
        Table(["parameter", "prior", "posterior median", "90% interval"], params),
        Image(out / "documented.png", "Each documented figure (orange, with the model error allowed) beside the "
                                      "fitted predictive band over the sample's parameter sets and replications."),
        Table(["case", "figure", "documented", "error allowed", "fitted median", "90% predictive",
               "Monte Carlo error"], figures),
        Image(out / "parameters.png", "Prior (grey) against posterior (blue) per parameter."),
        Image(out / "correlations.png", "Posterior correlations: near +1 or -1, the cases fix a combination."),
    ]


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


SHIPPED_DIAGNOSTICS = Path(__file__).parents[1] / "data" / "behaviour_diagnostics.json"


def shipped_section(path: Path = SHIPPED_DIAGNOSTICS) -> str:
    """The parameter reference's section on the shipped joint fit (`--posterior behaviour`): each
    fitted parameter's prior and interval, each documented figure beside what the fit gives."""
    if not path.is_file():
        return ""
    d = json.loads(path.read_text(encoding="utf-8"))
    lines = ["## Fitted jointly to the documented cases (`policysim run STUDY --posterior behaviour`)", "",
             "`policysim calibrate behaviour` fitted these shared parameters to every documented case at once "
             f"({d['parameter_points']} parameter sets, {d['replications_per_point']} replications of every case "
             f"each, effective sample size {d['effective_sample_size']:.1f}); a run with `--posterior behaviour` "
             "draws one set per replication from the sample (sim/data/behaviour_posterior.csv). The defaults "
             "above are unchanged: a run without it uses them.", "",
             "| parameter | prior | posterior median | 90% interval |", "| --- | --- | --- | --- |"]
    lines += [f"| `{n}` | {p['prior_low']:.4g} to {p['prior_high']:.4g} ({p['distribution']}) | {p['median']:.4g} | "
              f"{p['p05']:.4g} to {p['p95']:.4g} |" for n, p in d["parameters"].items()]
    lines += ["", "| case | figure (its target) | documented | error allowed | fitted median | 90% predictive |",
              "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {f['case']} | {f['what']} | {_pct(f['documented'])} | ±{f['tolerance']:.0%} | {_pct(f['p50'])} | "
              f"{_pct(f['p05'])} to {_pct(f['p95'])} |" for f in d["figures"]]
    return "\n".join(lines) + "\n"
