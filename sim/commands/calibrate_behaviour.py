"""`policysim calibrate behaviour [FIT] [--budget RUNS] [--out DIR | --resume DIR]`.

Fits the shared behavioural parameters jointly to every documented case (sim.calibration.behaviour)
and writes the weighted sample (posterior.csv, which `policysim run --posterior FILE` draws from),
diagnostics.json and behaviour.md/.html. FIT is a TOML file with a [calibration] table (replications,
budget, seed, parameters with priors); the default is the fit that made the shipped sample
(sim/data/behaviour_fit.toml). Each finished run goes to the folder at once, so a killed fit resumes.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.calibration import behaviour
from sim.calibration.behaviour_files import write
from sim.commands import executor_options
from sim.config.base import ConfigError, Strict
from sim.config.calibration import Prior
from sim.config.load import check_depth
from sim.errors import UserError
from sim.commands.calibrate_study import print_parameters, spend
from sim.explore.folder import open_folder

SHIPPED_FIT = Path(__file__).parents[1] / "data" / "behaviour_fit.toml"


class FitFile(Strict):
    """A joint fit's file: one [calibration] table."""

    calibration: behaviour.JointFit


def add_parser(models: argparse._SubParsersAction) -> None:
    p = models.add_parser("behaviour", help="fit the shared behaviour to every documented case at once")
    p.add_argument("fit", metavar="FIT", nargs="?", type=Path, default=SHIPPED_FIT,
                   help="TOML with a [calibration] table of priors (default: the shipped fit)")
    p.add_argument("--budget", type=int, metavar="RUNS", help="points x replications to spend (default: the file's)")
    p.add_argument("--out", type=Path, help="folder (default results/behaviour/calibration-<stamp>)")
    p.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted fit (the same command)")
    executor_options.register(p)
    p.set_defaults(func=execute)


def load_fit(path: Path) -> tuple[behaviour.JointFit, str]:
    """The file's [calibration] table, validated (a ConfigError names the file and the key path)."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(source, "", "file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise ConfigError(source, "", f"cannot read it as TOML ({exc.__class__.__name__}: {exc})") from None
    check_depth(raw, source)
    try:
        return FitFile.model_validate(raw).calibration, text
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(source, where, _message(err)) from None


def _message(err: Any) -> str:
    """What is wrong, with the keys allowed where a key is unknown."""
    if err["type"] == "extra_forbidden":
        model: type[BaseModel] = FitFile
        for part in err["loc"][:-1]:
            field = model.model_fields.get(str(part))
            model = field.annotation if field and isinstance(field.annotation, type) else Prior
        return f"unknown key; allowed: {', '.join(model.model_fields)}"
    if err["type"] == "missing":
        return "required key is missing"
    return f"{err['msg'].removeprefix('Value error, ')} (got {err.get('input')!r})"


def execute(args: argparse.Namespace) -> int:
    fit, _text = load_fit(args.fit)
    if args.budget is not None and args.budget < 2:
        raise UserError(f"--budget must be at least 2 (got {args.budget})")
    s = behaviour.setup(fit, args.budget, str(args.fit))
    command = f"policysim calibrate behaviour {args.fit} --budget {s.points * s.replications}"
    default = Path("results") / "behaviour" / f"calibration-{time.strftime('%Y%m%d-%H%M%S')}"
    folder, found = open_folder(args.out, args.resume, default, {"command": command, "fit": fit.model_dump()})
    done: dict[str, list[float]] = found  # type: ignore[assignment]  # a run's record is its figures
    before, start = len(done), time.perf_counter()
    post = spend(folder, command, executor_options.settings(args),
                 lambda pool, record, planned: behaviour.calibrate(s, pool, done, record, planned))
    d = behaviour.diagnostics(post, time.perf_counter() - start, len(done) - before)
    write(post, d, folder.root)
    _print(d, folder.root)
    return 0


def _print(d: dict[str, Any], out: Path) -> None:
    print_parameters(d["parameters"])
    for t in d["figures"]:
        print(f"{t['case']}: {t['what']}: documented {t['documented']:.4g}, fitted {t['p50']:.4g} "
              f"[{t['p05']:.4g}, {t['p95']:.4g}]")
    print(f"\n{d['runs_used']} runs in {d['wall_time_seconds']:g} s; effective sample size "
          f"{d['effective_sample_size']:.1f}; results: {out}/behaviour.html")

