"""Reading a results folder (docs/results-format.md) into columns, with errors naming the file.

Everything downstream (statistics, plots, report) reads only these files, so a missing or
corrupt file must stop with one line that says which file and what is wrong.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import UserError
from sim.results_integrity import file_mismatch, manifest_mismatch

Columns = dict[str, np.ndarray]

MANIFEST_KEYS = ("experiment", "config_hash", "root_seed", "replications", "horizon_days",
                 "warmup_days", "baseline", "variants", "kpis")
RUN_KEYS = ("point", "replication", "variant", "seed")
TIMESERIES_KEYS = ("point", "replication", "variant", "month", "series", "value")
CUSTOMER_KEYS = ("point", "replication", "variant", "customer_id", "segment", "channel", "join_day",
                 "end_day", "churned", "churn_reason", "rentals", "spend", "goodwill_end")
TEXT_COLUMNS = frozenset({"variant", "series", "segment", "channel", "churn_reason", "parameter_set"})


class ResultsError(UserError):
    """A results folder that cannot be read: names the file and what is wrong with it."""


@dataclass
class Results:
    """One results folder; the large files are read on first use."""

    path: Path
    manifest: dict[str, Any]
    runs: Columns
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def variants(self) -> list[str]:
        return list(self.manifest["variants"])

    @property
    def baseline(self) -> str:
        return str(self.manifest["baseline"])

    @property
    def kpis(self) -> list[str]:
        return list(self.manifest["kpis"])

    @property
    def horizon_days(self) -> float:
        return float(self.manifest["horizon_days"])

    @property
    def swept(self) -> list[str]:
        """Dotted paths of the swept parameters (empty without a sweep)."""
        return list((self.manifest.get("sweep") or {}).keys())

    @property
    def points(self) -> list[int]:
        return sorted({int(p) for p in self.runs["point"]})

    def kpi(self, name: str, variant: str, point: int = 0) -> np.ndarray:
        """A KPI's values over replications, ordered by replication (so variants pair up)."""
        mask = (self.runs["variant"] == variant) & (self.runs["point"] == point)
        order = np.argsort(self.runs["replication"][mask], kind="stable")
        return self.runs[name][mask][order]

    def point_values(self, point: int) -> dict[str, Any]:
        """The swept parameter values of one sweep point."""
        mask = self.runs["point"] == point
        return {path: self.runs[path][mask][0] for path in self.swept}

    def read_all(self) -> None:
        """Read the lazily loaded files now, so a bad one stops a report before anything is written."""
        _ = self.timeseries, self.customers, self.config_text

    @cached_property
    def timeseries(self) -> Columns:
        return read_csv(self.checked("timeseries.csv"), TIMESERIES_KEYS)

    @cached_property
    def customers(self) -> Columns:
        return read_csv(self.checked("customers.csv.gz"), CUSTOMER_KEYS)

    def checked(self, name: str) -> Path:
        """The path of a table, refused (naming it) if it is not what the run wrote; see check_table."""
        return check_table(self.path, self.manifest, name)

    @cached_property
    def config_text(self) -> str | None:
        """The stored experiment file, or None when the folder has none."""
        path = self.path / "config.toml"
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise ResultsError(f"{path}: cannot read ({exc.__class__.__name__})") from None


def load_results(path: str | Path) -> Results:
    """Read manifest.json and runs.csv (the rest lazily) and check they agree."""
    folder = Path(path)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder (no such directory)")
    manifest = read_manifest(folder / "manifest.json")
    swept = list((manifest.get("sweep") or {}).keys())
    runs = read_csv(check_table(folder, manifest, "runs.csv"), (*RUN_KEYS, *manifest["kpis"]),
                    text=TEXT_COLUMNS | set(swept))
    for path_name in swept:
        runs[path_name] = _maybe_numeric(runs[path_name])
    _check_runs(folder / "runs.csv", runs, manifest)
    return Results(folder, manifest, runs)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest as a dict, with its required keys present."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{path}: missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{path}: corrupt ({exc})") from None
    if not isinstance(manifest, dict):
        raise ResultsError(f"{path}: corrupt (not a JSON object)")
    edited = manifest_mismatch(manifest)
    if edited:
        raise ResultsError(f"{path}: {edited}; its run's files cannot be trusted: rerun the study")
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise ResultsError(f"{path}: corrupt (missing keys: {', '.join(missing)})")
    if manifest["baseline"] not in manifest["variants"]:
        raise ResultsError(f"{path}: corrupt (baseline {manifest['baseline']!r} is not among the variants)")
    return manifest


def check_table(folder: Path, manifest: dict[str, Any], name: str) -> Path:
    """`folder/name`, refused if the manifest records a different file (cut short or edited): what
    the merge wrote cannot be remade once its parts are gone, so the message says to rerun."""
    path = folder / name
    files = manifest.get("files")
    wrong = file_mismatch(path, files.get(name) if isinstance(files, dict) else None)
    if wrong:
        raise ResultsError(f"{path}: {wrong}; rerun the study (or restore the file)")
    return path


def read_csv(path: Path, required: tuple[str, ...], text: frozenset[str] | set[str] = TEXT_COLUMNS) -> Columns:
    """A CSV (optionally gzip) as numpy columns; text columns stay strings, the rest are floats."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    except FileNotFoundError:
        raise ResultsError(f"{path}: missing") from None
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile, csv.Error) as exc:
        raise ResultsError(f"{path}: corrupt ({exc.__class__.__name__}: {exc})") from None
    if not rows:
        raise ResultsError(f"{path}: corrupt (empty file)")
    header, body = rows[0], rows[1:]
    missing = [c for c in required if c not in header]
    if missing:
        raise ResultsError(f"{path}: corrupt (missing columns: {', '.join(missing)})")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ResultsError(f"{path}: corrupt (line {number} has {len(row)} fields, expected {len(header)})")
    return {name: _column(path, name, [r[i] for r in body], name in text) for i, name in enumerate(header)}


def _column(path: Path, name: str, cells: list[str], is_text: bool) -> np.ndarray:
    if is_text:
        return np.array(cells, dtype=object)
    try:
        return np.array([float(c) if c != "" else math.nan for c in cells], dtype=float)
    except ValueError as exc:
        raise ResultsError(f"{path}: corrupt (column {name!r}: {exc})") from None


def _maybe_numeric(cells: np.ndarray) -> np.ndarray:
    """Swept values are numbers when they all parse as numbers, else labels."""
    try:
        return np.array([float(c) for c in cells], dtype=float)
    except ValueError:
        return cells


def _check_runs(path: Path, runs: Columns, manifest: dict[str, Any]) -> None:
    if runs["point"].size == 0:
        raise ResultsError(f"{path}: corrupt (no rows)")
    unknown = sorted(set(runs["variant"]) - set(manifest["variants"]))
    if unknown:
        raise ResultsError(f"{path}: corrupt (variants not in manifest.json: {', '.join(unknown)})")
    if manifest["baseline"] not in set(runs["variant"]):
        raise ResultsError(f"{path}: corrupt (no rows for the baseline {manifest['baseline']!r})")
