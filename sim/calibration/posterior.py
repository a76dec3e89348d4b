"""A sample of parameter sets (a posterior) that a run carries into its answers.

The file, posterior.csv, is what `policysim calibrate study` writes: a header `set,weight,<path>...`
(each path a numeric parameter of the study, as a sweep names it) and one row per parameter set,
its label, its weight (>= 0; normalised here, so weights summing to 1 and all-equal weights both
do) and its values. Replication r of a run draws one set, weighted, from a stream keyed by the
root seed and r alone: every variant and sweep point of the replication runs with that set, so
paired differences keep common random numbers, and the draw is the same on any executor.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import ConfigError, Experiment
from sim.config.load import check_path, with_values
from sim.rng import Streams

FIRST = ("set", "weight")
NAMESPACE = "posterior"
SHIPPED = {"behaviour": Path(__file__).parents[1] / "data" / "behaviour_posterior.csv"}  # --posterior NAME


def named(given: str | Path) -> str | Path:
    """A posterior's file: a shipped sample by name (`behaviour`: the joint fit of the shared
    behaviour to the documented cases, `policysim calibrate behaviour`), or the path given."""
    return SHIPPED.get(str(given), given)


@dataclass(frozen=True)
class Posterior:
    """Validated parameter sets with their normalised weights, and the file's bytes and hash."""

    source: str
    paths: tuple[str, ...]
    labels: tuple[str, ...]
    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def count(self) -> int:
        return len(self.labels)

    def draw(self, root_seed: int, replication: int) -> int:
        """Index of the set replication `replication` runs with (the same for all its variants)."""
        rng = Streams(root_seed, replication, NAMESPACE).stream("set")
        return int(rng.choice(self.count, p=np.asarray(self.weights)))

    def overrides(self, index: int) -> dict[str, float]:
        """The parameter values of one set, by dotted path."""
        return dict(zip(self.paths, self.values[index]))

    def note(self) -> str:
        """The line that says which intervals include parameter uncertainty."""
        return (f"intervals include parameter uncertainty: {self.count} parameter set"
                f"{'' if self.count == 1 else 's'} from {Path(self.source).name}")


def read_posterior(path: str | Path, config: Experiment) -> Posterior:
    """Read and validate a posterior file for a study, or raise ConfigError (one line)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(source, "", "posterior file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, "", f"cannot read posterior file ({exc.__class__.__name__}: {exc})") from None
    return parse_posterior(text, source, config, data)


def parse_posterior(text: str, source: str, config: Experiment, data: bytes | None = None) -> Posterior:
    """Validate posterior text against the study it is to run with."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ConfigError(source, "", f"not a CSV file ({exc})") from None
    if not rows:
        raise ConfigError(source, "row 1", f"empty file; the header is {','.join(FIRST)},<parameter path>...")
    paths = _header(rows[0], source, config)
    numbers, labels, weights, values = [], [], [], []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        numbers.append(number)
        if len(row) != len(paths) + 2:
            raise ConfigError(source, f"row {number}", f"{len(row)} cells, the header has {len(paths) + 2}")
        labels.append(row[0])
        weights.append(_number(row[1], source, number, "weight", minimum=0.0))
        values.append(tuple(_number(cell, source, number, p) for p, cell in zip(paths, row[2:])))
    _check_sets(numbers, labels, weights, source)
    _check_values(paths, dict(zip(numbers, values)), source, config)
    total = math.fsum(weights)
    return Posterior(source, paths, tuple(labels), tuple(w / total for w in weights), tuple(values),
                     text.encode("utf-8") if data is None else data)


def _header(header: list[str], source: str, config: Experiment) -> tuple[str, ...]:
    """The parameter paths of the header: numeric parameters of the study, each once."""
    if tuple(header[:2]) != FIRST or len(header) < 3:
        raise ConfigError(source, "row 1", f"the header is {','.join(FIRST)},<parameter path>... (got "
                          f"{','.join(header)!r})")
    tree = config.model_dump()
    for column, path in enumerate(header[2:], start=3):
        where = f"row 1, column {column} ({path})"
        if path in header[2:column - 1]:
            raise ConfigError(source, where, f"the parameter has a column already (column {header.index(path) + 1})")
        if path in config.sweep:
            raise ConfigError(source, where, "the parameter is swept too; a posterior gives its values")
        try:
            value = check_path(tree, path, source, "posterior")
        except ConfigError as exc:
            raise ConfigError(source, where, exc.message) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(source, where, f"not a numeric parameter (it is {value!r})")
    return tuple(header[2:])


def _number(cell: str, source: str, row: int, column: str, minimum: float | None = None) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise ConfigError(source, f"row {row}, column {column}", f"{cell!r} is not a number") from None
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        allowed = "a finite number" + ("" if minimum is None else f" >= {minimum:g}")
        raise ConfigError(source, f"row {row}, column {column}", f"{cell!r}: allowed: {allowed}")
    return value


def _check_sets(numbers: list[int], labels: list[str], weights: list[float], source: str) -> None:
    if not labels:
        raise ConfigError(source, "row 2", "no parameter sets (one row per set under the header)")
    for at, label in enumerate(labels):
        if label in labels[:at]:
            raise ConfigError(source, f"row {numbers[at]}, column set",
                              f"set {label!r} appears twice (row {numbers[labels.index(label)]} too)")
    if math.fsum(weights) <= 0:
        raise ConfigError(source, "column weight", "every weight is 0; at least one set needs a weight above 0")


def _check_values(paths: tuple[str, ...], values: dict[int, tuple[float, ...]], source: str,
                  config: Experiment) -> None:
    """Every set, applied to the study as a whole, gives a valid study (each value within its range);
    a set that does not is checked value by value to name the column."""
    for number, row in values.items():
        try:
            with_values(config, dict(zip(paths, row)), source, "posterior")
        except ConfigError:
            for path, value in zip(paths, row):
                _apply(config, {path: value}, source, f"row {number}, column {path}")
            _apply(config, dict(zip(paths, row)), source, f"row {number}")


def _apply(config: Experiment, values: dict[str, Any], source: str, where: str) -> Experiment:
    try:
        return with_values(config, values, source, "posterior")
    except ConfigError as exc:
        raise ConfigError(source, where, f"not a value the study allows: {exc.path}: {exc.message}") from None


def with_set(config: Experiment, posterior: Posterior, index: int) -> Experiment:
    """The study with one parameter set's values (validated when the posterior was read)."""
    return _apply(config, posterior.overrides(index), posterior.source, f"set {posterior.labels[index]}")
