"""Studies that say only what differs: a variant `extends` another, and `[[scenario.changes]]`
happen in every variant.

Both are resolved on the file's tables before validation, so the validated Experiment (and every
run, result and report after it) is exactly what the same study written out in full gives:
- `extends = "OTHER"`: the variant takes OTHER's levers (its own tables set keys over them; a
  table naming a different pricing `model` replaces OTHER's) and OTHER's changes, less those
  labelled in `remove_changes`; a change of its own with the label of an inherited one replaces
  it in place, taking the keys it does not give from it; other changes are added. Neither
  `baseline` nor `description` is inherited.
- `[[scenario.changes]]`: dated changes of the levers that come after each variant's own.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from sim.config.base import ConfigError
from sim.config.timeline import Change

SUGAR = ("extends", "remove_changes")
NOT_INHERITED = ("baseline", "description", "changes", *SUGAR)
TIMING = ("at_day", "at_month")
WHO = ("existing_customers", "grandfather_months")


def expand(raw: dict[str, Any], source: str) -> None:
    """Resolve `extends`, `remove_changes` and `scenario.changes` in the raw tables, in place."""
    common = _scenario_changes(raw, source)
    variants = raw.get("variants")
    if not isinstance(variants, dict):
        return  # validation says what is missing
    own = {name: table for name, table in variants.items() if isinstance(table, dict)}
    resolved: dict[str, dict[str, Any]] = {}
    for name in own:
        _resolve(name, own, resolved, source, ())
    for name, table in resolved.items():
        if common and isinstance(table.get("changes", []), list):
            table = {**table, "changes": [*table.get("changes", []), *copy.deepcopy(common)]}
        variants[name] = table


def _scenario_changes(raw: dict[str, Any], source: str) -> list[dict[str, Any]]:
    """The changes every variant makes, each checked on its own (so an error names its table)."""
    scenario = raw.get("scenario")
    if not isinstance(scenario, dict) or "changes" not in scenario:
        return []
    common = scenario.pop("changes")
    if not isinstance(common, list) or not all(isinstance(c, dict) for c in common):
        raise ConfigError(source, "scenario.changes", "must be an array of tables ([[scenario.changes]]), each "
                          "a dated change of the levers (at_month or at_day, set, ...)")
    for index, change in enumerate(common):
        try:
            Change.model_validate(change)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in (f"scenario.changes.{index}", *err["loc"]))
            raise ConfigError(source, where, err["msg"].removeprefix("Value error, ")) from None
    return common


def _resolve(name: str, own: dict[str, dict[str, Any]], resolved: dict[str, dict[str, Any]], source: str,
             chain: tuple[str, ...]) -> dict[str, Any]:
    """The variant's tables with what it extends folded in (its parents first, cycles refused)."""
    if name in resolved:
        return resolved[name]
    table = own[name]
    parent = table.get("extends")
    if parent is None:
        if "remove_changes" in table:
            raise ConfigError(source, f"variants.{name}.remove_changes",
                              "needs extends = \"OTHER\": the variant whose changes it removes")
        resolved[name] = table
        return table
    chain = (*chain, name)
    if not isinstance(parent, str) or parent not in own:
        others = ", ".join(n for n in own if n != name) or "none"
        raise ConfigError(source, f"variants.{name}.extends", f"unknown variant {parent!r}; allowed: {others}")
    if parent in chain:
        cycle = " -> ".join((*chain[chain.index(parent):], parent))
        raise ConfigError(source, f"variants.{name}.extends", f"variants extend each other in a cycle: {cycle}")
    base = _resolve(parent, own, resolved, source, chain)
    levers = _merge({k: v for k, v in base.items() if k not in NOT_INHERITED},
                    {k: v for k, v in table.items() if k not in NOT_INHERITED})
    mine: dict[str, Any] = {k: table[k] for k in ("baseline", "description") if k in table}
    out = {**mine, **levers, "changes": _changes(base.get("changes", []), table, name, source)}
    resolved[name] = out
    return out


def _merge(base: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """Keys of `mine` over `base`, table by table; a table naming another `model` starts afresh."""
    out = copy.deepcopy(base)
    for key, value in mine.items():
        old = out.get(key)
        same_model = isinstance(old, dict) and isinstance(value, dict) and value.get("model", old.get("model")) == \
            old.get("model")
        out[key] = _merge(old, value) if same_model else copy.deepcopy(value)  # type: ignore[arg-type]
    return out


def _changes(inherited: Any, table: dict[str, Any], name: str, source: str) -> Any:
    """Inherited changes less those removed, with those of the variant replacing (by label) or added."""
    own = table.get("changes", [])
    if not isinstance(inherited, list) or not isinstance(own, list):
        return own  # validation says what is wrong with the table
    out = copy.deepcopy(inherited)
    removals = table.get("remove_changes", [])
    if not isinstance(removals, list) or not all(isinstance(r, str) for r in removals):
        raise ConfigError(source, f"variants.{name}.remove_changes", "must be a list of labels of inherited changes")
    for index, label in enumerate(removals):
        at = _labelled(out, label, f"variants.{name}.remove_changes.{index}", source, required=True)
        assert at is not None  # required=True raises instead
        out.pop(at)
    for index, change in enumerate(own):
        label = change.get("label") if isinstance(change, dict) else None
        at = _labelled(out, label, f"variants.{name}.changes.{index}.label", source) if label else None
        if at is None:
            out.append(copy.deepcopy(change))
        else:
            out[at] = _override(out[at], change)
    return _by_day(out)


def _by_day(changes: list[Any]) -> list[Any]:
    """The timeline in time order (ties as listed), as a study written out in full would list it;
    as listed when a change has no day yet (validation says so)."""
    try:
        return sorted(changes, key=lambda c: Change.model_validate(c).day)
    except (ValidationError, TypeError):
        return changes


def _labelled(changes: list[Any], label: Any, where: str, source: str, required: bool = False) -> int | None:
    """Index of the one inherited change with this label (None if none and not required)."""
    labels = [c.get("label") if isinstance(c, dict) else None for c in changes]
    found = [i for i, other in enumerate(labels) if other == label]
    if len(found) > 1:
        raise ConfigError(source, where, f"label {label!r} names {len(found)} inherited changes; give them "
                          "distinct labels")
    if not found and required:
        known = ", ".join(repr(x) for x in labels if x) or "none"
        raise ConfigError(source, where, f"no inherited change is labelled {label!r}; inherited labels: {known}")
    return found[0] if found else None


def _override(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An inherited change with the keys its replacement gives (its day and who it moves as a whole)."""
    dropped = [group for group in (TIMING, WHO) if any(k in new for k in group)]
    kept = {k: v for k, v in old.items() if not any(k in group for group in dropped)}
    return {**kept, **copy.deepcopy(new)}


def file_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of validated experiments with the keys resolved here, for editors that
    check study files against it."""
    out = copy.deepcopy(schema)
    variant, scenario = out["$defs"]["Variant"]["properties"], out["$defs"]["Scenario"]["properties"]
    variant["extends"] = {"type": "string", "title": "Extends", "description": "Another variant whose levers and "
                          "changes this one takes (sim/config/inherit.py)."}
    variant["remove_changes"] = {"type": "array", "items": {"type": "string"}, "title": "Remove Changes",
                                 "description": "Labels of inherited changes this variant does not make."}
    scenario["changes"] = {"type": "array", "items": {"$ref": "#/$defs/Change"}, "title": "Changes",
                           "description": "Dated changes of the levers made in every variant, after its own."}
    return out
