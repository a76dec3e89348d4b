"""The results folder: parts written as replications finish, merged in canonical order at the end.

Every file is written to a temporary name and renamed, so an interrupted run never leaves a
half-written file. Floats are written in Python's shortest round-trip form, so the same config
and seed give the same bytes whatever the worker count. Layout: docs/results-format.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import platform
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from sim import __version__
from sim.analysis.intervals import paired_difference, t_interval
from sim.analysis.results import ResultsError, read_manifest
from sim.calibration.posterior import Posterior
from sim.config import LoadedExperiment
from sim.errors import UserError
from sim.metrics import FIRM_SEPARATOR, kpi_names
from sim.model.customer import CustomerRecord
from sim.results_integrity import part_mismatch, record, sealed, set_aside
from sim.results_lock import LOCK_FILE
from sim.runner import Task, TaskResult

CUSTOMER_COLUMNS = ("point", "replication", "variant", *CustomerRecord._fields)
POSTERIOR_COPY = "posterior.csv"


def run_id(loaded: LoadedExperiment, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{loaded.config_hash[:8]}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes under a temporary name, then rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def fmt(value: Any) -> str:
    """CSV cell: shortest round-trip floats, empty for NaN, plain text otherwise."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return "" if value != value else repr(value)
    return str(value)


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([fmt(v) for v in row])
    return buf.getvalue().encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with mtime 0 and no file name, so the bytes repeat."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def check_writable(root: Path) -> None:
    """Refuse a results folder that cannot be made: a file, a path under a file, no permission.

    Checked before anything is written, so a bad --out leaves no trace.
    """
    if root.is_file():
        raise UserError(f"{root}: is a file, not a results folder; choose another --out")
    existing = next(p for p in (root, *root.parents) if p.exists())
    if not existing.is_dir():
        raise UserError(f"{root}: cannot create the results folder: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"{root}: cannot create the results folder: no permission to write in {existing}")


def read_run_manifest(root: Path) -> dict[str, Any]:
    """The manifest of a folder to resume, or a UserError saying why it cannot be resumed."""
    if not root.is_dir():
        raise UserError(f"{root}: cannot resume: not a results folder (no such directory)")
    try:
        manifest = read_manifest(root / "manifest.json")
    except ResultsError as exc:
        raise UserError(f"cannot resume: {exc}") from None
    counts = (manifest["replications"], manifest["root_seed"])
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts) or counts[0] < 1 or counts[1] < 0:
        raise UserError(f"cannot resume: {root / 'manifest.json'}: corrupt (replications and root_seed "
                        f"must be whole numbers, got {counts[0]!r} and {counts[1]!r})")
    return manifest


class ResultsFolder:
    """One run's folder: created only after the config is valid."""

    def __init__(self, root: Path, loaded: LoadedExperiment, replications: int, seed: int,
                 command: list[str], quick: bool = False, posterior: Posterior | None = None) -> None:
        self.root = root
        self.posterior = posterior
        self.loaded = loaded
        self.kpis = kpi_names(loaded.config.scenario)
        self.replications = replications
        self.seed = seed
        self.command = command
        self.quick = quick
        self.parts = root / "parts"
        self.written: dict[str, dict[str, Any]] = {}  # table -> its record in the manifest

    def check_new(self) -> None:
        """Refuse a folder that cannot be made or is already used (only our own lock file may be there)."""
        check_writable(self.root)
        if self.root.exists() and any(p.name != LOCK_FILE for p in self.root.iterdir()):
            raise UserError(f"{self.root}: results folder exists and is not empty; choose another --out")

    def create(self) -> None:
        self.check_new()
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{self.root}: cannot create the results folder ({exc.strerror or exc})") from None
        atomic_write(self.root / "config.toml", self.loaded.text.encode("utf-8"))
        if self.posterior is not None:
            atomic_write(self.root / POSTERIOR_COPY, self.posterior.data)
        self.write_manifest(complete=False)

    def reopen(self, everything: list[Task]) -> list[str]:
        """Continue an interrupted run (sim.api checks its settings against the manifest first).

        Every part on disk is read and checked; one that is corrupt or not this run's is set aside
        (and so run again). Returns a line per part set aside."""
        self.parts.mkdir(exist_ok=True)
        for stale in self.parts.glob(".*.tmp"):
            stale.unlink()
        tasks = {t.key: t for t in everything}
        notes = []
        for path in sorted(self.parts.glob("*.json.gz")):
            task = tasks.get(path.name[: -len(".json.gz")])
            why = part_mismatch(path, self.identity(task))[1] if task else "not a part of this run (no such task)"
            if why:
                kept = set_aside(path, self.root)
                notes.append(f"{path}: {why}; set aside as {kept.relative_to(self.root)}, it runs again")
        return notes

    def identity(self, task: Task) -> dict[str, Any]:
        """What a part of `task` records about itself, checked when it is read."""
        return {"config_hash": self.loaded.config_hash, "seed": self.seed, "point": task.point,
                "replication": task.replication, "variant": task.variant}

    def write_manifest(self, complete: bool) -> None:
        cfg = self.loaded.config
        manifest = {
            "experiment": cfg.experiment.name,
            "run_id": self.root.name,
            "config_hash": self.loaded.config_hash,
            "config_file": self.loaded.source,
            "root_seed": self.seed,
            "replications": self.replications,
            "quick": self.quick,
            "horizon_days": cfg.experiment.horizon_days,
            "warmup_days": cfg.experiment.warmup_days,
            "baseline": cfg.baseline,
            "variants": list(cfg.variants),
            "sweep": cfg.sweep,
            "points": [p.values for p in self.loaded.points],
            "kpis": list(self.kpis),
            "command": " ".join(self.command),
            "versions": versions(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "complete": complete,
            "files": self.written,
        }
        if self.posterior is not None:
            manifest["posterior"] = {
                "file": self.posterior.source, "copy": POSTERIOR_COPY, "sha256": self.posterior.sha256,
                "sets": self.posterior.count, "parameters": list(self.posterior.paths), "note": self.posterior.note()}
        atomic_write(self.root / "manifest.json", (json.dumps(sealed(manifest), indent=2) + "\n").encode("utf-8"))

    def add(self, result: TaskResult) -> None:
        """Write one finished task as its own part file."""
        payload = {
            **self.identity(result.task),
            "seed": result.seed,
            "kpis": result.kpis,
            "series": result.series,
            "customers": result.customers,
        }
        data = gzip_bytes(json.dumps(payload).encode("utf-8"))
        atomic_write(self.parts / f"{result.task.key}.json.gz", data)

    def adopt(self, task: Task, data: bytes) -> None:
        """Take as this run's own a part that a run with the same inputs for `task` wrote (the
        workshop's reuse): its numbers stand, its identity becomes this run's."""
        payload = json.loads(gzip.decompress(data))
        payload["config_hash"] = self.loaded.config_hash
        atomic_write(self.parts / f"{task.key}.json.gz", gzip_bytes(json.dumps(payload).encode("utf-8")))

    def done(self) -> set[str]:
        """Keys of the tasks whose parts are on disk."""
        return {p.name[: -len(".json.gz")] for p in self.parts.glob("*.json.gz")}

    def read_part(self, task: Task) -> dict[str, Any]:
        """A part, checked; a bad one is set aside (so --resume runs it again) and named."""
        path = self.parts / f"{task.key}.json.gz"
        payload, why = part_mismatch(path, self.identity(task))
        if payload is None:
            if not path.exists():
                raise UserError(f"{path}: missing; run again with --resume {self.root} to make it")
            kept = set_aside(path, self.root)
            raise UserError(f"{path}: {why}; set aside as {kept.relative_to(self.root)}: "
                            f"run again with --resume {self.root} to remake it")
        return payload

    def merge(self, all_tasks: list[Task]) -> dict[tuple[int, str], dict[str, list[float]]]:
        """Write runs, time series, customers, summary and comparisons in canonical order."""
        swept = list(self.loaded.config.sweep)
        point_values = {p.index: p.values for p in self.loaded.points}
        runs: list[tuple[Any, ...]] = []
        series: list[tuple[Any, ...]] = []
        customers: list[tuple[Any, ...]] = []
        drawn = [] if self.posterior is None else ["parameter_set"]
        by_variant: dict[tuple[int, str], dict[str, list[float]]] = {}
        for task in all_tasks:
            part = self.read_part(task)
            head = (task.point, task.replication, task.variant)
            runs.append((*head, part["seed"], *self._drawn(task), *(point_values[task.point][p] for p in swept),
                         *(part["kpis"][k] for k in self.kpis)))
            series.extend((*head, *row) for row in part["series"])
            customers.extend((*head, *row) for row in part["customers"])
            cell = by_variant.setdefault((task.point, task.variant), {k: [] for k in self.kpis})
            for k in self.kpis:
                cell[k].append(_num(part["kpis"][k]))
        header = ["point", "replication", "variant", "seed", *drawn, *swept, *self.kpis]
        self.write_table("runs.csv", csv_bytes(header, runs))
        self.write_table("timeseries.csv",
                         csv_bytes(["point", "replication", "variant", "month", "series", "value"], series))
        self.write_table("customers.csv.gz", gzip_bytes(csv_bytes(CUSTOMER_COLUMNS, customers)), gzipped=True)
        self.write_summaries(by_variant)
        return by_variant

    def write_table(self, name: str, data: bytes, gzipped: bool = False) -> None:
        """One table, with its hash and rows kept for the manifest (sim.results_integrity)."""
        atomic_write(self.root / name, data)
        self.written[name] = record(data, gzipped)

    def _drawn(self, task: Task) -> tuple[str, ...]:
        """The label of the parameter set the task's replication ran with (nothing without a posterior)."""
        if self.posterior is None:
            return ()
        return (self.posterior.labels[self.posterior.draw(self.seed, task.replication)],)

    def write_summaries(self, cells: dict[tuple[int, str], dict[str, list[float]]]) -> None:
        for name, data in self.summaries(cells).items():
            self.write_table(name, data)

    def summaries(self, cells: dict[tuple[int, str], dict[str, list[float]]]) -> dict[str, bytes]:
        """summary.csv and comparisons.csv; in a market with rivals a `firm` column says whose KPI a
        row is ("ours", or a rival's name)."""
        sweep = bool(self.loaded.config.sweep)
        lead = ["point"] if sweep else []
        firm_column = ["firm"] if self.loaded.config.scenario.rivals else []
        baseline = self.loaded.config.baseline
        summary, comparisons = [], []
        for (point, variant), values in cells.items():
            pre = [point] if sweep else []
            for k in self.kpis:
                kpi = firm_and_kpi(k) if firm_column else (k,)
                iv = t_interval(values[k])
                summary.append((*pre, variant, *kpi, iv.mean, iv.low, iv.high, iv.n))
                if variant == baseline:
                    continue
                base = cells[(point, baseline)][k]
                diff = paired_difference(values[k], base)
                base_mean = t_interval(base).mean
                rel = diff.mean / base_mean if base_mean else float("nan")
                comparisons.append((*pre, variant, baseline, *kpi, diff.mean, diff.low, diff.high, rel, diff.n))
        return {
            "summary.csv": csv_bytes([*lead, "variant", *firm_column, "kpi", "mean", "ci_low", "ci_high", "n"],
                                     summary),
            "comparisons.csv": csv_bytes(
                [*lead, "variant", "baseline", *firm_column, "kpi", "mean_diff", "ci_low", "ci_high", "rel_change",
                 "n"], comparisons),
        }

    def remove_parts(self) -> None:
        for part in self.parts.glob("*.json.gz"):
            part.unlink()
        self.parts.rmdir()


def firm_and_kpi(name: str) -> tuple[str, str]:
    """("ours", kpi) for our KPI, (rival, kpi) for "<rival>:<kpi>"."""
    firm, _, kpi = name.rpartition(FIRM_SEPARATOR)
    return firm or "ours", kpi


def _num(value: Any) -> float:
    return float("nan") if value is None else float(value)


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "policysim": __version__, "platform": sys.platform}
    for pkg in ("numpy", "scipy", "simpy", "pydantic", "matplotlib"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out
