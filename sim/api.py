"""The Python API: load an experiment, run it, and read its tables and plots (for notebooks).

`policysim run` is a thin layer over `run`, so a script gets the same validation, the same
one-line errors and the same files on disk as the command line. Heavy modules (pydantic, numpy,
matplotlib, the model) are imported inside the functions, so `import sim` stays cheap.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import UserError, quote

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from matplotlib.figure import Figure

    from sim.calibration.posterior import Posterior
    from sim.config import LoadedExperiment
    from sim.executors import ExecutorSettings
    from sim.runner import Task
    from sim.results_folder import ResultsFolder

QUICK_NOTE = ("quick mode: a quarter of the business (customers, overheads, staff) and at most 3 replications; "
              "intervals are wider")
TABLES = {"runs": "runs.csv", "summary": "summary.csv", "comparisons": "comparisons.csv",
          "series": "timeseries.csv", "customers": "customers.csv.gz"}
TEXT_COLUMNS = frozenset({"variant", "baseline", "kpi", "series", "segment", "channel", "churn_reason",
                          "parameter_set"})


class Interrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C. Its finished replications are kept in `folder`; `run(..., resume=folder)`
    (or `policysim run CONFIG --resume FOLDER`) finishes it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"interrupted; finished replications are kept in {folder}: "
                         f"run(experiment, resume={str(folder)!r}) finishes it")


def load(source: str | Path | Mapping[str, Any] | LoadedExperiment,
         overrides: Mapping[str, Any] | None = None, *, force: bool = False) -> LoadedExperiment:
    """An experiment from a TOML file, a dict shaped like one, or an experiment already loaded.

    `overrides` sets parameters by dotted path (list items by index), e.g.
    `{"scenario.goodwill.kappa": 0.5, "variants.subscription.pricing.monthly_fee": 17.95}`.
    Validation is the command line's: bad input raises sim.ConfigError with its one-line message.
    force: read an observed file beyond its soft size limit (sim.config.observed.MAX_BYTES).
    """
    from sim.config import LoadedExperiment, load_experiment, parse_experiment

    _check_source(source)
    _check_overrides(overrides)
    if isinstance(source, LoadedExperiment):
        loaded = source
    elif isinstance(source, Mapping):
        loaded = parse_experiment(_toml(source, "<dict>"), "<dict>")
    else:
        loaded = load_experiment(source, force=force)
    return _overridden(loaded, overrides) if overrides else loaded


def run(experiment: str | Path | Mapping[str, Any] | LoadedExperiment, *, replications: int | None = None,
        seed: int | None = None, workers: int | None = None, quick: bool = False, out: str | Path | None = None,
        resume: str | Path | None = None, scheduler: str | None = None, dask_local: int | None = None,
        progress: bool = True, report: bool = False, command: list[str] | None = None,
        force: bool = False, posterior: str | Path | None = None) -> RunResults:
    """Run an experiment (anything `load` takes), write its results folder and return its results.

    replications, seed: override the experiment's. workers: local processes (default: the cores
    this process may use, as on the command line); scheduler (tcp://HOST:PORT) or dask_local (N
    workers) run on Dask instead (give one of the three). quick: a quarter of
    the business, at most 3 replications. out: the results folder (default
    results/<experiment>/<run id>). resume: an interrupted results folder to finish; replications,
    seed and quick mode come from its manifest, and only a value that contradicts it is refused.
    report: also write the plots, report.html and report.md. command: what the manifest records
    as the command (the command line passes its own). force: lift the soft limits on the size
    of the study (sim.config.size) and its observed file. posterior: a posterior.csv of parameter
    sets (`policysim calibrate study` writes one); each replication runs with one set drawn from it
    by the seed, so the intervals include parameter uncertainty (a resumed run takes the folder's
    copy). Without one, the posterior the study's [calibration] table names, if any. Ctrl-C raises
    Interrupted.
    """
    from sim.calibration.posterior import named, read_posterior
    from sim.config.load import check_observed
    from sim.config.quick import quick_version
    from sim.config.size import check_work
    from sim.executors import checked_settings
    from sim.runner import tasks

    started = time.perf_counter()
    _check_run_arguments(out=out, resume=resume, scheduler=scheduler, command=command,
                         flags={"quick": quick, "progress": progress, "report": report, "force": force})
    loaded = load(experiment, force=force)
    posterior = named(posterior) if posterior is not None else _named_posterior(loaded)
    where = checked_settings(_at_least_one(workers, "workers"), scheduler, _at_least_one(dask_local, "dask_local"))
    if resume is not None:
        if out is not None:
            raise UserError("--resume names the folder to finish: give no --out (out=) with it")
        folder, complete = _resumed(loaded, Path(resume), replications, seed, quick, posterior)
    else:
        drawn = None if posterior is None else read_posterior(posterior, loaded.config)
        folder, complete = _fresh(quick_version(loaded) if quick else loaded, replications, seed, quick, out,
                                  command, drawn), False
    check_work(folder.loaded, folder.replications, force)
    check_observed(folder.loaded, force)
    if folder.quick:
        print(QUICK_NOTE)
    everything = tasks(folder.loaded, folder.replications)
    if complete:
        print(f"{folder.root}: this run is already complete; nothing to run")
        todo = []
    else:
        todo = _simulate(folder, everything, resume is not None, where, progress)
        if report:
            _write_report(folder.root)
    return RunResults(folder.root, folder.loaded, folder.replications, folder.quick, len(todo), len(everything),
                      time.perf_counter() - started, folder.posterior)


@dataclass
class RunResults:
    """A finished run: its folder and, read from there on first use, its tables and plots.

    Tables are lists of records (one dict per row; numbers as int or float, NaN where a value is
    undefined); `to_pandas(name)` gives the same table as a pandas DataFrame.
    """

    folder: Path
    experiment: LoadedExperiment = field(repr=False)
    replications: int
    quick: bool
    ran: int
    total: int
    seconds: float
    posterior: Posterior | None = field(default=None, repr=False)
    _tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict, init=False, repr=False)
    _figures: dict[str, Figure] | None = field(default=None, init=False, repr=False)

    @property
    def runs(self) -> list[dict[str, Any]]:
        """One row per sweep point x replication x variant: its seed and every KPI."""
        return self.table("runs")

    @property
    def summary(self) -> list[dict[str, Any]]:
        """Per variant and KPI: mean and 95% interval over replications."""
        return self.table("summary")

    @property
    def comparisons(self) -> list[dict[str, Any]]:
        """Paired differences from the baseline per variant and KPI, with interval and relative change."""
        return self.table("comparisons")

    @property
    def series(self) -> list[dict[str, Any]]:
        """Monthly series, long format: point, replication, variant, month, series, value."""
        return self.table("series")

    @property
    def customers(self) -> list[dict[str, Any]]:
        """One row per customer per run (large: every customer ever simulated)."""
        return self.table("customers")

    def table(self, name: str) -> list[dict[str, Any]]:
        """A table by name: runs, summary, comparisons, series or customers (layout: docs/results-format.md)."""
        if name not in TABLES:
            raise ValueError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
        if name not in self._tables:
            self._tables[name] = _records(self.folder / TABLES[name])
        return self._tables[name]

    def to_pandas(self, name: str) -> Any:
        """The table as a pandas DataFrame (pandas is an optional extra: pip install 'policysim[pandas]')."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'policysim[pandas]'") from None
        return pandas.DataFrame.from_records(self.table(name))

    def kpi_table(self) -> str:
        """The key KPIs per variant, each 'mean [95% CI]', as `policysim run` prints them."""
        from sim.metrics import KPIS
        from sim.summary_table import key_kpi_table

        cells: dict[tuple[int, str], dict[str, list[float]]] = {}
        for row in self.runs:
            cell = cells.setdefault((row["point"], row["variant"]), {k: [] for k in KPIS})
            for k in KPIS:
                cell[k].append(float(row[k]))
        table = key_kpi_table(self.experiment, cells)
        return table if self.posterior is None else f"{table}\n{self.posterior.note()}"

    def plots(self) -> dict[str, Figure]:
        """Every plot of the report as a matplotlib figure, by name (nothing is written to the folder)."""
        if self._figures is None:
            from sim.analysis.results import load_results
            from sim.plots import write_plots
            from sim.plots.style import kept_figures

            with kept_figures() as figures:
                write_plots(load_results(self.folder), self.folder / "plots")
            self._figures = figures
        return self._figures

    def figure(self, kind: str) -> Figure:
        """One plot by name: kpi_bars, forest, monthly_overview, monthly_money, retention, waterfall, ..."""
        figures = self.plots()
        if kind not in figures:
            raise ValueError(f"no plot {kind!r}; this run has {', '.join(figures)}")
        return figures[kind]


def _overridden(loaded: LoadedExperiment, overrides: Mapping[str, Any]) -> LoadedExperiment:
    """The experiment with parameters set by dotted path, validated again as a whole."""
    from sim.config.load import check_path, parse_experiment, with_values

    base = loaded.config.model_dump()
    for path in overrides:
        check_path(base, path, loaded.source, "overrides")
    config = with_values(loaded.config, dict(overrides), loaded.source, "overrides")
    source = f"{loaded.source} with overrides"
    header = f"{loaded.source}, with overrides: " + ", ".join(f"{p} = {v!r}" for p, v in overrides.items())
    return parse_experiment(_toml(config.model_dump(mode="json", exclude_none=True), source, header), source)


def _toml(document: Mapping[str, Any], source: str, header: str = "") -> str:
    """A dict as experiment-file text, so that it is validated (and stored) exactly like a file."""
    from sim.config import ConfigError
    from sim.workshop.toml_out import dumps

    try:
        return dumps(dict(document), header)
    except (TypeError, AttributeError) as exc:
        raise ConfigError(source, "", f"not an experiment table of TOML values ({exc})") from None


def _fresh(loaded: LoadedExperiment, replications: int | None, seed: int | None, quick: bool,
           out: str | Path | None, command: list[str] | None, posterior: Posterior | None) -> ResultsFolder:
    """A new results folder for the run (created later, once everything is checked)."""
    from sim.results_folder import ResultsFolder, run_id

    meta = loaded.config.experiment
    count = _at_least_one(replications, "replications") or meta.replications
    if quick:
        count = min(count, meta.replications)
    root = Path(out) if out is not None else Path("results") / meta.name / run_id(loaded)
    return ResultsFolder(root, loaded, count, meta.seed if seed is None else _root_seed(seed),
                         command or [f"sim.run({loaded.source!r})"], quick=quick, posterior=posterior)


def _resumed(loaded: LoadedExperiment, root: Path, replications: int | None, seed: int | None,
             quick: bool, posterior: str | Path | None) -> tuple[ResultsFolder, bool]:
    """The folder of an interrupted run with the settings of its manifest, and whether it is complete.

    A value given here that contradicts the manifest is refused; one left out is taken from it.
    """
    from sim.config.quick import quick_version
    from sim.results_folder import ResultsFolder, read_run_manifest

    manifest = read_run_manifest(root)
    kept_count, kept_seed, kept_quick = manifest["replications"], manifest["root_seed"], bool(manifest.get("quick"))
    clashes = [f"{name} {given} given, the interrupted run has {kept}"
               for name, given, kept in (("replications", _at_least_one(replications, "replications"), kept_count),
                                         ("seed", seed, kept_seed))
               if given is not None and given != kept]
    if quick and not kept_quick:
        clashes.append("quick mode asked for, the interrupted run was a full run")
    kept_posterior, clash = _kept_posterior(root, manifest, posterior, loaded)
    clashes += clash
    if clashes:
        them = "it" if len(clashes) == 1 else "them"
        raise UserError(f"{root}: cannot resume: {'; '.join(clashes)} (leave {them} out to take the folder's)")
    loaded = quick_version(loaded) if kept_quick else loaded
    if manifest["config_hash"] != loaded.config_hash:
        raise UserError(f"{root}: cannot resume: config not the same as in the interrupted run "
                        f"({loaded.source} does not hash to {str(manifest['config_hash'])[:8]})")
    folder = ResultsFolder(root, loaded, kept_count, kept_seed, [str(manifest.get("command", ""))], quick=kept_quick,
                           posterior=kept_posterior)
    return folder, manifest.get("complete") is True


def _named_posterior(loaded: LoadedExperiment) -> Path | None:
    """The posterior the study's [calibration] table names (calibrated.toml does), relative to the
    study's file; a posterior given to the run comes first."""
    from sim.config.observed import resolve

    calibration = loaded.config.calibration
    if calibration is None or calibration.posterior is None:
        return None
    return resolve(calibration.posterior, loaded.source)


def _kept_posterior(root: Path, manifest: dict[str, Any], given: str | Path | None,
                    loaded: LoadedExperiment) -> tuple[Posterior | None, list[str]]:
    """The posterior an interrupted run used (its copy in the folder, checked against the hash in the
    manifest), and what contradicts it: another posterior given, or one given to a run without."""
    from sim.calibration.posterior import read_posterior
    from sim.results_folder import POSTERIOR_COPY

    recorded = manifest.get("posterior")
    if recorded is None:
        return None, [] if given is None else [f"posterior {given} given, the interrupted run had none"]
    kept = read_posterior(root / POSTERIOR_COPY, loaded.config)
    if not isinstance(recorded, dict) or kept.sha256 != recorded.get("sha256"):
        raise UserError(f"{root}: cannot resume: {root / POSTERIOR_COPY} does not hash to the manifest's posterior")
    if given is not None and read_posterior(given, loaded.config).sha256 != kept.sha256:
        return kept, [f"posterior {given} given, the interrupted run used another ({root / POSTERIOR_COPY})"]
    return kept, []


def _simulate(folder: ResultsFolder, everything: list[Task], resuming: bool, where: ExecutorSettings,
              progress: bool) -> list[Task]:
    """Run what is not on disk yet, then merge; Ctrl-C becomes Interrupted. Returns the tasks run."""
    from sim.results_lock import folder_lock

    if not resuming:
        folder.check_new()
    with folder_lock(folder.root):
        return _simulate_locked(folder, everything, resuming, where, progress)


def _simulate_locked(folder: ResultsFolder, everything: list[Task], resuming: bool, where: ExecutorSettings,
                     progress: bool) -> list[Task]:
    """_simulate's work, under the folder's lock (so another command may have finished it meanwhile)."""
    from sim.executors import executor_for
    from sim.results_folder import read_run_manifest

    if resuming and read_run_manifest(folder.root).get("complete") is True:
        print(f"{folder.root}: this run is already complete; nothing to run")
        return []
    if resuming:
        for note in folder.reopen(everything):
            print(f"policysim: {note}", file=sys.stderr)
    else:
        folder.create()
    done = folder.done()
    todo = [t for t in everything if t.key not in done]
    try:
        with executor_for(where) as (executor, in_flight):
            _run_tasks(folder, todo, executor, in_flight, progress)
        folder.merge(everything)
        if folder.loaded.config.observed is not None:
            from sim.analysis.fit import write_fit
            write_fit(folder.root, folder.loaded)
        folder.remove_parts()
        folder.write_manifest(complete=True)
    except KeyboardInterrupt:
        raise Interrupted(folder.root) from None
    return todo


def _run_tasks(folder: ResultsFolder, todo: list[Task], executor: Executor | None, in_flight: int,
               progress: bool) -> None:
    """Each finished task goes to disk at once (so an interrupted run keeps it), under a progress bar."""
    from tqdm import tqdm

    from sim.runner import TaskResult, run_tasks

    with tqdm(total=len(todo), unit="run", desc=folder.loaded.config.experiment.name, disable=not progress) as bar:
        def sink(result: TaskResult) -> None:
            folder.add(result)
            bar.update(1)

        run_tasks(folder.loaded, todo, folder.seed, sink, executor, in_flight, folder.posterior)


def _write_report(root: Path) -> None:
    """Plots and report, when the report package is installed with the project."""
    try:
        from sim.report import write_report
    except ImportError:
        return
    write_report(root)


def _check_source(source: object) -> None:
    """What load() takes, or one line saying what it takes (not a TypeError from deep inside)."""
    from sim.config import LoadedExperiment

    if not isinstance(source, (str, os.PathLike, Mapping, LoadedExperiment)):
        raise UserError(f"experiment must be a file path (str or pathlib.Path), a dict shaped like "
                        f"an experiment file, or a loaded experiment; got {_kind(source)}")


def _check_overrides(overrides: object) -> None:
    if overrides is None:
        return
    if not isinstance(overrides, Mapping):
        raise UserError(f"overrides must be a dict of dotted parameter paths to values, e.g. "
                        f"{{'scenario.goodwill.kappa': 0.5}}; got {_kind(overrides)}")
    for path in overrides:
        if not isinstance(path, str):
            raise UserError(f"overrides: every key must be a dotted parameter path (a str), "
                            f"e.g. 'scenario.goodwill.kappa'; got the key {_kind(path)}")


def _check_run_arguments(out: object, resume: object, scheduler: object, command: object,
                         flags: Mapping[str, object]) -> None:
    """run()'s arguments by type, before anything is loaded or created."""
    for name, value in (("out", out), ("resume", resume)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise UserError(f"{name} must be a folder path (str or pathlib.Path); got {_kind(value)}")
    if scheduler is not None and not isinstance(scheduler, str):
        raise UserError(f"scheduler must be an address 'tcp://HOST:PORT' (a str); got {_kind(scheduler)}")
    if command is not None and not (isinstance(command, list) and all(isinstance(a, str) for a in command)):
        raise UserError(f"command must be a list of str (the words of the command that made the run); "
                        f"got {_kind(command)}")
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise UserError(f"{name} must be True or False; got {_kind(value)}")


def _kind(value: object) -> str:
    """A value for a message: its type and a short quote of it."""
    return f"{type(value).__name__} {quote(value)}"


def _at_least_one(value: int | None, name: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise UserError(f"{name} must be a whole number of at least 1 (got {quote(value)})")
    return value


def _root_seed(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise UserError(f"seed must be a whole number between 0 and 2^63-1 (got {quote(value)})")
    return value


def _records(path: Path) -> list[dict[str, Any]]:
    """A results CSV (optionally gzip) as one dict per row; text columns stay text."""
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    return [{k: v if k in TEXT_COLUMNS else _number(v) for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text))]


def _number(cell: str) -> Any:
    """int, float, NaN for an empty cell, or the text itself (a swept label)."""
    if cell == "":
        return math.nan
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell
