"""Reading experiment files: TOML -> validated Experiment, sweep points, and one-line errors."""

from __future__ import annotations

import copy
import hashlib
import itertools
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.config.base import ConfigError
from sim.config.calibration import flatten_parameters
from sim.config.experiment import Experiment
from sim.config.inherit import expand
from sim.config.observed import Observation, check_size, read_observed, resolve, window_of
from sim.config.relative import resolve_prices
from sim.config.size import check_grid, grid_points
from sim.errors import quote

# What every point of a sweep or design shares: the runner takes replications and seed, and the
# results folder its name, labels and baseline, from the experiment itself, never from a point.
FIXED_PATHS = re.compile(r"experiment\.(name|description|replications|seed)|variants\.[^.]+\.(baseline|description)")
MAX_DEPTH = 32  # a study nests about 8 levels (variants.x.changes.0.set...); 32 is far more than any needs


@dataclass(frozen=True)
class SweepPoint:
    """One point of the sweep grid: its index, the values set, and the experiment it gives."""

    index: int
    values: dict[str, Any]
    experiment: Experiment


@dataclass(frozen=True)
class LoadedExperiment:
    """A validated experiment with where it came from; its sweep points are expanded (and each
    validated) on first use, so the size of the work can be checked before (sim.config.size)."""

    source: str
    text: str
    config: Experiment
    design: tuple[SweepPoint, ...] | None = None  # points given explicitly instead of the sweep grid

    @cached_property
    def points(self) -> tuple[SweepPoint, ...]:
        """The design, or the sweep grid of the config (the config itself when there is no sweep)."""
        if self.design is not None:
            return self.design
        return expand_sweep(self.config.model_copy(update={"sweep": {}}), self.config.sweep, self.source)

    @property
    def point_count(self) -> int:
        """How many points, counted without expanding them."""
        return len(self.design) if self.design is not None else grid_points(self.config.sweep)

    @property
    def config_hash(self) -> str:
        """SHA-256 of the validated config (defaults included), stable across formatting."""
        dumped = self.config.model_dump_json()
        return hashlib.sha256(dumped.encode("utf-8")).hexdigest()


def load_experiment(path: str | Path, force: bool = False) -> LoadedExperiment:
    """Read, validate and expand an experiment file, or raise ConfigError; `force` lifts the
    observed file's soft size limit."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, "", f"cannot read file ({exc.__class__.__name__}: {exc})") from None
    loaded = parse_experiment(text, source)
    check_observed(loaded, force)
    return loaded


def check_observed(loaded: LoadedExperiment, force: bool = False) -> None:
    """The experiment's observed file, if it names one, is there and fits the run (a results
    folder's stored config is parsed without it: the folder keeps its own observed.csv)."""
    config = loaded.config
    if config.observed is None:
        return
    path = resolve(config.observed.file, loaded.source)
    if not path.is_file():
        raise ConfigError(loaded.source, "observed.file", f"{path}: no such file")
    check_size(path, force)
    observations = read_observed(path, window_of(config))
    if config.calibration is not None:
        check_targets(config, observations, loaded.source)


def check_priors(config: Experiment, source: str) -> None:
    """Every calibrated path names a numeric parameter, and both ends of its prior are values it allows."""
    if config.calibration is None:
        return
    base = config.model_dump()
    for path, prior in config.calibration.parameters.items():
        check_range(config, base, path, (prior.low, prior.high), "calibration.parameters", source)


def check_targets(config: Experiment, observations: list[Observation], source: str,
                  train_until: Any = None, flag: str = "calibration.train_until") -> None:
    """Each weighted series is one the observed file can hold, and some observed value lies on or
    before the training cut-off (`flag` names where the cut-off was given)."""
    calibration = config.calibration
    assert calibration is not None
    window = window_of(config)
    for key in calibration.targets:
        firm, _, kpi = key.partition(":")
        if firm not in window.firms:
            raise ConfigError(source, f"calibration.targets.{key}", f"unknown firm {firm!r}; allowed: "
                              f"{', '.join(window.firms)} (a target is \"firm:kpi\")")
        if kpi not in window.kpis[firm]:
            raise ConfigError(source, f"calibration.targets.{key}", f"unknown kpi {kpi!r} of {firm}; allowed: "
                              f"{', '.join(window.kpis[firm])}")
    cut = train_until or calibration.train_until
    if not [o for o in observations if not o.asked and (cut is None or o.date <= cut)]:
        what = f"no observed row with a value on or before {cut}" if cut else "no observed row carries a value"
        raise ConfigError(source, flag, f"{what}: nothing to fit to")


def parse_experiment(text: str, source: str = "<config>") -> LoadedExperiment:
    """Validate TOML text; `source` names it in errors."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"malformed TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise ConfigError(source, "", f"arrays or tables nested too deeply (at most {MAX_DEPTH} levels)") from None
    check_depth(raw, source)
    expand(raw, source)
    resolve_prices(raw, source)
    sweep = flatten_sweep(raw.pop("sweep", {}), source)
    raw["uncertainties"] = flatten_uncertainties(raw.pop("uncertainties", {}), source)
    if isinstance(raw.get("calibration"), dict) and "parameters" in raw["calibration"]:
        raw["calibration"]["parameters"] = flatten_parameters(raw["calibration"]["parameters"])
    config = validate(raw, source)
    check_uncertainties(config, source)
    check_priors(config, source)
    check_sweep(config, sweep, source)
    return LoadedExperiment(source=source, text=text, config=config.model_copy(update={"sweep": sweep}))


def check_depth(raw: dict[str, Any], source: str) -> None:
    """Refuse nesting deeper than any study needs, before recursive code (validation, dumps) meets it.

    Walked with a stack, not recursion, so that the check itself cannot overflow.
    """
    stack: list[tuple[Any, str, int]] = [(raw, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ConfigError(source, path, f"nested {depth} levels deep; at most {MAX_DEPTH} are allowed")
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in items)


def validate(raw: dict[str, Any], source: str) -> Experiment:
    """Validate a raw dict, turning the first pydantic error into a ConfigError."""
    try:
        return Experiment.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = _clean_loc(err["loc"], raw)
        raise ConfigError(source, ".".join(map(str, loc)), _describe(err, loc)) from None


def flatten_sweep(table: Any, source: str, prefix: str = "") -> dict[str, list[Any]]:
    """Turn the [sweep] table (nested or quoted dotted keys) into {dotted path: values}."""
    if not isinstance(table, dict):
        raise ConfigError(source, prefix or "sweep", "must be a table of parameter paths to lists")
    flat: dict[str, list[Any]] = {}
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten_sweep(value, source, path))
        elif isinstance(value, list) and value:
            flat[path] = value
        else:
            raise ConfigError(source, f"sweep.{path}", "must be a non-empty list of values")
    return flat


def check_sweep(config: Experiment, sweep: dict[str, list[Any]], source: str) -> None:
    """Every swept path names a parameter a point may vary, and the grid is within the hard limit."""
    base = config.model_dump()
    for path in sweep:
        check_path(base, path, source)
    check_grid(sweep, source)


def expand_sweep(config: Experiment, sweep: dict[str, list[Any]], source: str) -> tuple[SweepPoint, ...]:
    """The full grid of sweep points (one point, the config itself, when there is no sweep)."""
    if not sweep:
        return (SweepPoint(0, {}, config),)
    return tuple(SweepPoint(index, dict(zip(sweep, combo)), with_values(config, dict(zip(sweep, combo)), source))
                 for index, combo in enumerate(itertools.product(*sweep.values())))


def with_values(config: Experiment, values: dict[str, Any], source: str, table: str = "sweep") -> Experiment:
    """The experiment with parameters set by dotted path (list items by index), validated again."""
    raw = copy.deepcopy(config.model_dump())
    for path, value in values.items():
        _set_path(raw, path, value)
    try:
        return Experiment.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = _clean_loc(err["loc"], raw)
        raise ConfigError(source, f"{table}.{'.'.join(map(str, loc))}", _describe(err, loc)) from None


def flatten_uncertainties(table: Any, source: str, prefix: str = "") -> dict[str, Any]:
    """Turn [uncertainties] (nested or dotted keys) into {dotted path: [low, high] or {low, high, ...}}."""
    if not isinstance(table, dict):
        raise ConfigError(source, prefix or "uncertainties", "must be a table of parameter paths to ranges")
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and not {"low", "high"} & set(value):
            flat.update(flatten_uncertainties(value, source, path))
        elif isinstance(value, (list, dict)):
            flat[path] = value
        else:
            raise ConfigError(source, f"uncertainties.{path}", "must be a range [low, high] or a table {low, high}")
    return flat


def check_uncertainties(config: Experiment, source: str) -> None:
    """Every uncertainty names a numeric parameter a point may vary, and both ends of its range
    are values the parameter allows (the mode lies between them)."""
    base = config.model_dump()
    for path, uncertainty in config.uncertainties.items():
        check_range(config, base, path, (uncertainty.low, uncertainty.high), "uncertainties", source)


def check_range(config: Experiment, base: dict[str, Any], path: str, ends: tuple[float, float], table: str,
                source: str) -> None:
    """A parameter an uncertainty or a prior varies is numeric, and both ends of its range are values
    it allows (an integer parameter takes them rounded)."""
    where = f"{table}.{path}"
    value = check_path(base, path, source, table)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(source, where, f"parameter is not numeric (it is {quote(value)})")
    for end, bound in zip(("low", "high"), ends):
        try:
            with_values(config, {path: round(bound) if isinstance(value, int) else bound}, source)
        except ConfigError as exc:
            raise ConfigError(source, f"{where}.{end}",
                              f"{bound:g} is outside what the parameter allows: {exc.message}") from None


def check_path(tree: dict[str, Any], path: str, source: str, table: str = "sweep") -> Any:
    """The value at a dotted path that a sweep, design or lever is to vary (list items by index),
    or a ConfigError saying what exists or why the path cannot vary."""
    if FIXED_PATHS.fullmatch(path):
        raise ConfigError(source, f"{table}.{path}", "cannot vary from point to point: every point runs with the "
                          "experiment's own replications and seed, name, baseline and descriptions; "
                          "set it once in the config (or with --replications / --seed)")
    node: Any = tree
    for depth, part in enumerate(path.split(".")):
        if isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            continue
        if not isinstance(node, dict) or part not in node:
            allowed = _choices(node)
            done = ".".join(path.split(".")[:depth]) or "top level"
            raise ConfigError(
                source, f"{table}.{path}", f"path does not exist: no '{part}' under {done}; allowed: {allowed}"
            )
        node = node[part]
    if isinstance(node, (dict, list, tuple)):
        raise ConfigError(source, f"{table}.{path}", "path names a table, not a single parameter")
    return node


def _choices(node: Any) -> str:
    if isinstance(node, dict):
        return ", ".join(sorted(node))
    if isinstance(node, (list, tuple)):
        return f"an index 0..{len(node) - 1}"
    return "nothing (not a table)"


def _set_path(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        key = int(part) if isinstance(tree, list) else part
        if isinstance(tree[key], tuple):
            tree[key] = list(tree[key])
        tree = tree[key]
    tree[int(leaf) if isinstance(tree, list) else leaf] = value


def _clean_loc(loc: tuple[Any, ...], raw: Any) -> list[Any]:
    """Drop the union tags pydantic inserts (e.g. pricing.subscription.monthly_fee), and a bad
    key itself (the message shows it): `variants.<key>.[key]` -> `variants`."""
    if loc and loc[-1] == "[key]":
        loc = loc[:-2]
    out: list[Any] = []
    node = raw
    for i, part in enumerate(loc):
        is_tag = i < len(loc) - 1 and node.get("model", part) == part if isinstance(node, dict) else False
        if is_tag and part not in node:
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return out


def _describe(err: Mapping[str, Any], loc: list[Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        return f"unknown key; allowed: {', '.join(allowed)}" if allowed else "unknown key"
    if kind == "missing":
        return "required key is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        kind, tag = ctx.get('discriminator', 'kind'), quote(ctx.get('tag'))
        return f"unknown {kind} {tag}; allowed: {ctx.get('expected_tags')}"
    got = err.get("input")
    if not isinstance(got, (dict, list)) and kind not in ("value_error", "assertion_error"):
        msg += f" (got {quote(got)})"
    return msg


def _allowed_keys(loc: list[Any]) -> list[str]:
    """Field names of the model found at `loc`, walking the Experiment's type annotations."""
    annotation: Any = Experiment
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    return sorted({name for model in _models(annotation) for name in model.model_fields})


def _step(annotation: Any, part: Any) -> Any:
    models = _models(annotation)
    if models:
        fields = [m.model_fields[str(part)] for m in models if str(part) in m.model_fields]
        return fields[0].annotation if fields else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        return args[1]
    if origin in (tuple, list):
        return args[0]
    return None


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation stands for (several for a tagged union)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models(arg)]
    return []
