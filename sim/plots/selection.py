"""Which variants a plot draws, and in which groups, so a study with a dozen variants stays readable.

Lines and bands per variant stop being readable past about six in one panel. A study with more
shows the baseline and a chosen few (the most profit, and the most customers) in the line plots,
and every variant once in the facets of `by_group`, one panel per group: the variants a study
names a `group` for, or else the ones that differ from each other in one lever only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from sim.analysis.results import Results
from sim.config import Experiment
from sim.config.load import ConfigError, parse_experiment
from sim.plots.style import colours

MAX_LINES = 6  # variants drawn in one panel, the baseline included
MAX_GROUP = 6  # variants in one by_group facet besides the baseline: seven lines, each its own colour
NOT_COMPARED = frozenset({"baseline", "description", "group", "label"})


@dataclass(frozen=True)
class Group:
    """Variants drawn together in one facet."""

    title: str
    variants: list[str]  # without the baseline, which every facet draws too


def study_config(results: Results) -> Experiment | None:
    """The stored experiment, or None when the folder has none that parses (plots still draw)."""
    return _parse(results.config_text) if results.config_text else None


@lru_cache(maxsize=8)
def _parse(text: str) -> Experiment | None:
    try:
        return parse_experiment(text, "config.toml").config
    except ConfigError:
        return None


def shown_variants(results: Results, point: int = 0) -> list[str]:
    """Every variant when few; else the baseline, the one with the most customers at the end and the
    ones with the most profit, up to MAX_LINES, in the study's order."""
    if len(results.variants) <= MAX_LINES:
        return results.variants
    chosen = [results.baseline, *_ranked(results, "customers_active_end", point)[:1],
              *_ranked(results, "profit", point)]
    keep = set(list(dict.fromkeys(chosen))[:MAX_LINES])
    return [v for v in results.variants if v in keep]


def variant_colours(results: Results, point: int = 0) -> dict[str, str]:
    """Every variant's colour, the same in every plot: black for the baseline, the clearest colours
    for the variants the line plots draw, and no colour twice."""
    shown = shown_variants(results, point)
    order = [*shown, *(v for v in results.variants if v not in shown)]
    return colours(order, results.baseline)


def _ranked(results: Results, kpi: str, point: int) -> list[str]:
    """Variants by their mean of a KPI, highest first (none when the study has no such KPI)."""
    if kpi not in results.kpis:
        return []
    means = {v: float(np.nanmean(results.kpi(kpi, v, point))) for v in results.variants}
    return sorted(results.variants, key=lambda v: -means[v])


def variant_groups(results: Results) -> list[Group]:
    """The variants other than the baseline in groups of at most MAX_GROUP; one group when few."""
    others = [v for v in results.variants if v != results.baseline]
    config = study_config(results)
    if config is not None and any(config.variants[v].group for v in others if v in config.variants):
        keys = {v: (config.variants[v].group if v in config.variants else "") or "other" for v in others}
        return _chunked(keys, others, named=True)
    elif len(others) <= MAX_GROUP or config is None:
        keys = {v: "" for v in others}
    else:
        keys = _shared(config, others)
    return _chunked(keys, others, named=False)


def _chunked(keys: dict[str, str], others: list[str], named: bool) -> list[Group]:
    """Groups by key in the study's order, split to at most MAX_GROUP; titled by the key when the
    study named it, else by the words the members' names share (the key when they share none)."""
    groups: dict[str, list[str]] = {}
    for v in others:
        groups.setdefault(keys[v], []).append(v)
    out = []
    for key, members in groups.items():
        parts = math.ceil(len(members) / MAX_GROUP)
        size = math.ceil(len(members) / parts)  # even parts: 8 is 4 + 4, not 6 + 2
        for part, start in enumerate(range(0, len(members), size), 1):
            chunk = members[start:start + size]
            words = _common_words(chunk)
            title = key if named else (words if words != ", ".join(chunk) or not key else key)
            out.append(Group(title + (f" ({part} of {parts})" if parts > 1 else ""), chunk))
    return out


def _shared(config: Experiment, names: list[str]) -> dict[str, str]:
    """Group key per variant: its values of the levers that differ, less the one that varies most
    (and those that vary with it), so each group differs in that lever alone."""
    flat = {v: _flatten(config.variants[v].model_dump(exclude={"description", "baseline"})) for v in names}
    paths = sorted({p for f in flat.values() for p in f})
    differing = [p for p in paths if len({repr(f.get(p)) for f in flat.values()}) > 1]
    if not differing:
        return {v: "" for v in names}
    partition = {p: _partition(flat, p, names) for p in differing}
    axis = max(differing, key=lambda p: len(set(partition[p])))
    rest = [p for p in differing if partition[p] != partition[axis]]
    return {v: ", ".join(f"{p.split('.')[-1]} {flat[v].get(p)}" for p in rest) for v in names}


def _partition(flat: dict[str, dict[str, Any]], path: str, names: list[str]) -> tuple[int, ...]:
    """Which variants share a value of `path`, as the index of each one's first equal."""
    values = [repr(flat[v].get(path)) for v in names]
    return tuple(values.index(x) for x in values)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in NOT_COMPARED:
                out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, (list, tuple)):
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}.{i}"))
        return out
    return {prefix: value}


def _common_words(names: list[str]) -> str:
    """'raise at once' for raise_10_at_once, raise_20_at_once: the words every name has, in order."""
    words = [n.split("_") for n in names]
    common = [w for w in words[0] if all(w in other for other in words[1:]) and not w.isdigit()]
    return " ".join(common) if common and len(names) > 1 else ", ".join(names)
