"""A study opened in the workshop, and the edited experiment the page submits for a run.

The page sends every lever of every variant, the rivals' levers (scenario.rivals, what we do not
control), the key uncertainties and the market's parameters. Only what differs from
the study goes into the new experiment file, so the exported TOML reads like the original with
the room's what-ifs written in. Validation is the config models' own; errors come back by
dotted path so the page can show each one beside its field.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import ValidationError

from sim.config import (
    ConfigError,
    Experiment,
    LoadedExperiment,
    load_experiment,
    parse_experiment,
)
from sim.config.load import flatten_uncertainties
from sim.config.timeline import MONTH, flatten
from sim.errors import UserError
from sim.workshop.form import (
    Field,
    change_fields,
    group_values,
    lever_groups,
    market_fields,
    rival_groups,
    uncertainty_fields,
    value_at,
)
from sim.workshop.paths import Roots
from sim.workshop.toml_out import dumps

RELATIVE = re.compile(r"\s*([+-])\s*(\d+(?:\.\d+)?)\s*%\s*")
NAMED_FIELD = re.compile(r"((?:variants|scenario)\.[\w.-]+): (.+)", re.DOTALL)


class Invalid(UserError):
    """Submitted values the config models reject: messages by dotted path ('' for the whole form)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in errors.items()))


class Malformed(UserError):
    """A submission not shaped like the form's (a list where a table belongs): named by its field."""


@dataclass(frozen=True)
class Study:
    """An experiment file (or a results folder's config.toml) as the page shows it."""

    ref: str
    loaded: LoadedExperiment
    raw: dict[str, Any]

    @property
    def config(self) -> Experiment:
        return self.loaded.config

    def view(self) -> dict[str, Any]:
        """What the page needs to draw the form: variants and rivals with their lever values,
        uncertainties and the market's parameters."""
        dumped = self.config.model_dump(mode="json")
        variants = {name: _firm_view(v, lever_groups()) for name, v in dumped["variants"].items()}
        rivals = {name: _firm_view(r, rival_groups()) for name, r in dumped["scenario"]["rivals"].items()}
        meta = self.config.experiment
        return {"ref": self.ref, "name": meta.name, "description": meta.description, "variants": variants,
                "groups": lever_groups(), "change_fields": change_fields(),
                "rivals": rivals, "rival_groups": rival_groups(), "market": market_fields(self.config),
                "uncertainties": uncertainty_fields(self.config),
                "replications": meta.replications, "sweep": list(self.config.sweep),
                "horizon_months": round(meta.horizon_days / MONTH, 2)}


def _firm_view(firm: dict[str, Any], groups: list[dict[str, Any]]) -> dict[str, Any]:
    """A variant's or a rival's dumped table as the form shows it: values by group, and its changes."""
    return {"baseline": firm["baseline"], "description": firm["description"],
            "values": {g["name"]: group_values(g, firm) for g in groups}, "changes": firm["changes"]}


def open_study(roots: Roots, ref: str) -> Study:
    """Load a study named by reference: an experiment file or a results folder."""
    path = roots.resolve(ref)
    if path.is_dir():
        path = path / "config.toml"
    if path.suffix != ".toml" or not path.is_file():
        raise UserError(f"{ref}: not an experiment file or a results folder with a config.toml")
    loaded = load_experiment(path)
    return Study(ref=ref, loaded=loaded, raw=tomllib.loads(loaded.text))


def study_ref(submission: dict[str, Any]) -> str:
    """The study a submission names ('configs/x.toml' or a results folder), or Malformed."""
    ref = submission.get("study", "")
    if not isinstance(ref, str):
        raise Malformed(f"study must be a string naming the study, not {_json_type(ref)}")
    return ref


def edited(study: Study, submission: dict[str, Any]) -> tuple[LoadedExperiment, list[str]]:
    """The experiment with the submitted levers, rivals, uncertainties and market parameters, and
    what changed, or Invalid/Malformed."""
    variants = _firms(submission.get("variants", {}), "variants")
    rivals = _firms(submission.get("rivals", {}), "scenario.rivals")
    uncertainties = _table(submission.get("uncertainties", {}), "uncertainties")
    market = _table(submission.get("market", {}), "market")
    raw = copy.deepcopy(study.raw)
    full = study.config.model_dump(mode="json")
    _apply_firms(raw, "variants", full["variants"], variants, lever_groups())
    _apply_firms(raw, "scenario.rivals", full["scenario"]["rivals"], rivals, rival_groups())
    _apply_paths(raw, full, uncertainties, uncertainty_fields(study.config), "key uncertainties")
    _apply_paths(raw, full, market, market_fields(study.config), "market parameters")
    config = _validate(raw)
    changes = describe_changes(study.config, config)
    _note_changes(raw, study.config, changes)
    header = (f"Made in `policysim workshop` from {study.ref}.\n"
              + "".join(f"Changed: {c}\n" for c in changes)
              + "The workshop ran it in quick mode: `policysim run THIS_FILE --quick` repeats its numbers.")
    text = dumps(raw, header)
    try:
        loaded = parse_experiment(text, f"{study.ref} (edited)")
    except ConfigError as exc:
        raise Invalid({exc.path: exc.message}) from None
    return loaded, changes


def _note_changes(raw: dict[str, Any], before: Experiment, changes: list[str]) -> None:
    """A variant's description was written for the study's levers: one that changed says so, so the
    report and the page never show "$17.99" beside a fee that is now another."""
    for name, variant in before.variants.items():
        mine = [c.removeprefix(f"{name}.") for c in changes if c.startswith(f"{name}.")]
        if mine:
            note = "changed in the workshop: " + "; ".join(mine)
            raw["variants"][name]["description"] = f"{variant.description} ({note})" if variant.description else note


def _table(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(f"{path} must be a JSON object (a table by name), not {_json_type(value)}")
    return value


def _firms(value: Any, path: str) -> dict[str, Any]:
    """Firms by name, each a table of groups (tables) and its changes (a list)."""
    firms = _table(value, path)
    for name, levers in firms.items():
        for group, values in _table(levers, f"{path}.{name}").items():
            if group == "changes":
                _changes(values, f"{path}.{name}.changes")
            else:
                _table(values, f"{path}.{name}.{group}")
    return firms


def _changes(value: Any, path: str) -> None:
    """A timeline is a list of tables (one per change)."""
    if not isinstance(value, list):
        raise Malformed(f"{path} must be a JSON list of changes, not {_json_type(value)}")
    for i, change in enumerate(value):
        _table(change, f"{path}.{i}")


def _json_type(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _apply_firms(raw: dict[str, Any], where: str, current: dict[str, Any], firms: dict[str, Any],
                 groups: list[dict[str, Any]]) -> None:
    """Write each changed lever of each firm (variants, or rivals) into the raw tables at `where`;
    a new tag (pricing model) replaces the table."""
    for name, levers in firms.items():
        if name not in current:
            raise Invalid({"": f"unknown name {name!r} in {where}; the study has {', '.join(current) or 'none'}"})
        table = raw
        for part in [*where.split("."), name]:
            table = table.setdefault(part, {})
        now = {}
        for group in groups:
            old, new = group_values(group, current[name]), levers.get(group["name"])
            if new is not None:
                new = {k: relative(v, old.get(k)) for k, v in new.items()}
                _apply_group(table, group, old, new)
            now[group["name"]] = new if new is not None else old
        timeline = levers.get("changes")
        if timeline is not None and timeline != current[name]["changes"]:
            _apply_timeline(table, resolved_timeline(timeline, flatten(now)))


def relative(value: Any, base: Any) -> Any:
    """"+20%" or "-10%" of a number: the new value, in cents when the old one was in cents;
    anything else as given (the models say what is wrong with it)."""
    match = RELATIVE.fullmatch(value) if isinstance(value, str) else None
    if match is None or isinstance(base, bool) or not isinstance(base, (int, float)):
        return value
    factor = 1 + Decimal(match[1] + match[2]) / 100  # decimal: 19.95 - 10% is 17.955, which rounds up
    step = Decimal("0.01") if round(base, 2) == base else Decimal("0.000001")
    result = (Decimal(repr(base)) * factor).quantize(step, rounding=ROUND_HALF_UP)
    return int(result) if isinstance(base, int) and result == int(result) else float(result)


def resolved_timeline(timeline: list[dict[str, Any]], levers: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes with each "+20%" worked out against the value in force before that change
    (the levers, then the earlier changes in time order)."""
    def day(change: dict[str, Any]) -> float:
        at_day, at_month = change.get("at_day"), change.get("at_month")
        number = at_day if isinstance(at_day, (int, float)) else at_month if isinstance(at_month, (int, float)) else 0
        return float(number) * (1 if isinstance(at_day, (int, float)) else MONTH)

    out = [dict(c) for c in timeline]
    for change in sorted(out, key=day):
        values = change.get("set")
        if isinstance(values, dict):
            change["set"] = {path: relative(v, levers.get(path)) for path, v in values.items()}
            levers = {**levers, **change["set"]}
    return out


def _apply_group(table: dict[str, Any], group: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> None:
    tag = group.get("tag")
    if tag and new.get(tag) != old.get(tag):
        option = group["options"].get(new.get(tag), {"fields": []})
        defaults = {f["name"]: f["default"] for f in option["fields"]}
        table[group["name"]] = {tag: new.get(tag), **{k: v for k, v in new.items()
                                                      if k != tag and k in defaults and v != defaults[k]}}
        return
    changed = {k: v for k, v in new.items() if k in old and old[k] != v}
    if changed:
        (table if group.get("own") else table.setdefault(group["name"], {})).update(changed)


def _apply_timeline(table: dict[str, Any], timeline: list[dict[str, Any]]) -> None:
    """The submitted changes replace the variant's; keys left empty (None) or at their defaults go."""
    defaults = {f["name"]: f["default"] for f in change_fields()}
    kept = [{k: v for k, v in change.items() if v is not None and (k not in defaults or v != defaults[k] or k == "set")}
            for change in timeline]
    if kept:
        table["changes"] = kept
    else:
        table.pop("changes", None)


def _apply_paths(raw: dict[str, Any], full: dict[str, Any], values: dict[str, Any], fields: list[Field],
                 what: str) -> None:
    """Set scenario values by dotted path; only the paths of the form's `fields` may be set."""
    allowed = {f["name"] for f in fields}
    for path, value in values.items():
        if path not in allowed:
            raise Invalid({"": f"{path!r} is not one of this study's {what}"})
        if value != value_at(full, path):
            _set_path(raw, full, path, value)


def _set_path(raw: Any, full: Any, path: str, value: Any) -> None:
    """Set a dotted path in the raw document; tables and lists it lacks are taken from the full dump."""
    *parents, leaf = path.split(".")
    for part in parents:
        key: Any = int(part) if isinstance(raw, list) else part
        full = full[key]
        if isinstance(raw, dict) and key not in raw:
            raw[key] = copy.deepcopy(full) if isinstance(full, list) else {}
        raw = raw[key]
    raw[int(leaf) if isinstance(raw, list) else leaf] = value


def _validate(raw: dict[str, Any]) -> Experiment:
    """Validate like the loader does, but collect every error by its path for the form."""
    body = {k: v for k, v in raw.items() if k != "sweep"}
    body["uncertainties"] = flatten_uncertainties(body.get("uncertainties", {}), "workshop")
    try:
        return Experiment.model_validate(body)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            path = ".".join(str(p) for p in _without_tags(err["loc"], body))
            message = _message(err)
            if not path:
                path, message = _named(message)
            errors.setdefault(path, message)
        raise Invalid(errors) from None


def _named(message: str) -> tuple[str, str]:
    """A check across the experiment that names its field ('scenario.rivals.x.enters_month: ...') is
    that field's error, so the page shows it beside the field."""
    match = NAMED_FIELD.fullmatch(message)
    return (match[1], match[2]) if match else ("", message)


def _without_tags(loc: tuple[Any, ...], raw: Any) -> list[Any]:
    """Drop the union tags pydantic puts in error locations (pricing.subscription.monthly_fee)."""
    tags = {option for g in lever_groups() for option in g.get("options", {})}
    out: list[Any] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and part not in node and part in tags:
            continue
        out.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    return out


def _message(err: Mapping[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    return str(err["msg"]).removeprefix("Value error, ")


def describe_changes(before: Experiment, after: Experiment) -> list[str]:
    """Human lines for every lever or scenario value that differs: 'subscription.pricing.monthly_fee 19.95 -> 17.95'."""
    old, new = _flat(before.model_dump(mode="json")), _flat(after.model_dump(mode="json"))
    lines = []
    for path in sorted(set(old) | set(new)):
        was, now = old.get(path), new.get(path)
        if was == now or now is None or path.startswith(("experiment.", "uncertainties.", "sweep.")):
            continue
        name = path.removeprefix("variants.")
        lines.append(f"{name} = {_show(now)}" if was is None else f"{name} {_show(was)} -> {_show(now)}")
    return lines


def _flat(tree: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(tree, dict):
        return {k: v for key, sub in tree.items() for k, v in _flat(sub, f"{prefix}{key}.").items()}
    if isinstance(tree, list) and any(isinstance(i, dict) for i in tree):
        return {k: v for i, sub in enumerate(tree) for k, v in _flat(sub, f"{prefix}{i}.").items()}
    return {prefix.rstrip("."): tree}


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
