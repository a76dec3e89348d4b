"""The lever form, derived from the pydantic models' JSON schema, so new levers appear by themselves.

A variant's levers are its table-valued fields (pricing, retention, sales, ...); a tagged union
(pricing: per_rental or subscription) becomes a choice of tag with one field list per tag. A rival
has the same groups and, first, its own entry and marketing fields. Key uncertainties are the
study's [uncertainties] paths, or a few well-known ones when it has none; the market's parameters
are scenario fields by path as well.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sim.config import Experiment, Variant
from sim.config.market import MarketConfig, Rival
from sim.workshop.labels import CHOICES, GROUPS, decorate

PLAN_MODELS = ("subscription", "streaming", "hybrid", "per_rental")
PLAN_COLUMNS = ("monthly_fee", "titles_at_home", "rental_fee")  # what the menu editor shows of a plan
DEFAULT_UNCERTAINTIES = (
    "scenario.customers.marketing_prospects_per_month",
    "scenario.goodwill.kappa",
    "scenario.goodwill.effects.late_fee",
    "scenario.goodwill.effects.stockout",
    "scenario.word_of_mouth.referrals_per_month",
)
Field = dict[str, Any]


@cache
def lever_groups() -> list[dict[str, Any]]:
    """One entry per table-valued field of a Variant: plain fields, or a tag and fields per tag."""
    schema = Variant.model_json_schema()
    defs = schema.get("$defs", {})
    groups = []
    for name, prop in schema["properties"].items():
        group = _group(name, prop, defs)
        if group is not None:
            groups.append(group)
    return groups


@cache
def rival_groups() -> list[dict[str, Any]]:
    """A rival's groups: its own fields (entry, marketing, awareness), which sit on the rival's table
    itself (`own`), then the lever groups a variant has."""
    schema = Rival.model_json_schema()
    own = [_field(name, prop, schema.get("$defs", {})) for name, prop in schema["properties"].items()
           if name not in Variant.model_fields]
    entry = {"name": "entry", "title": "Entry and marketing", "own": True, "fields": decorate(own),
             "description": "When the rival opens, how many customers it brings, and how it becomes known."}
    return [entry, *lever_groups()]


def group_values(group: dict[str, Any], firm: dict[str, Any]) -> dict[str, Any]:
    """A group's values in a firm's dumped table: its sub-table, or the firm's own fields."""
    return {f["name"]: firm[f["name"]] for f in group["fields"]} if group.get("own") else firm[group["name"]]


def _group(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    if "$ref" in prop:
        model = _deref(prop, defs)
        return {"name": name, "title": GROUPS.get(name, _title(name)), "description": model.get("description", ""),
                "fields": decorate(_fields(model, defs))}
    union = prop.get("oneOf") or prop.get("anyOf")
    tag = (prop.get("discriminator") or {}).get("propertyName")
    if not union or not tag:
        return None
    options = {}
    for member in union:
        model = _deref(member, defs)
        options[model["properties"][tag]["const"]] = {
            "description": model.get("description", ""),
            "fields": decorate([f for f in _fields(model, defs) if f["name"] != tag]),
            "label": CHOICES.get(model["properties"][tag]["const"], ""),
        }
    return {"name": name, "title": GROUPS.get(name, _title(name)), "description": "", "tag": tag, "options": options}


def _fields(model: dict[str, Any], defs: dict[str, Any]) -> list[Field]:
    return [_field(name, prop, defs) for name, prop in model["properties"].items()]


def _field(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> Field:
    """A form field: kind, choices and limits as the schema gives them."""
    prop = _deref(prop, defs)
    field: Field = {"name": name, "title": _title(name), "description": prop.get("description", ""),
                    "default": prop.get("default")}
    items = _deref(prop.get("items", {}), defs)
    if name == "plans" and prop.get("type") == "object":  # a menu's plans: a table of its own
        field.update(kind="plans", choices=list(PLAN_MODELS), columns=list(PLAN_COLUMNS))
    elif "enum" in prop or "const" in prop:
        field.update(kind="choice", choices=prop.get("enum", [prop.get("const")]))
    elif prop.get("type") == "array" and "enum" in items:
        field.update(kind="choices", choices=items["enum"])
    elif prop.get("type") in ("number", "integer", "boolean"):
        field["kind"] = prop["type"]
        field.update({k: prop[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                      if k in prop})
    else:
        field["kind"] = "text"
    return field


def change_fields() -> list[Field]:
    """The fields of one dated change, for the page's timeline editor (`set` is written as
    'path = value' lines)."""
    schema = Variant.model_json_schema()
    model = schema["$defs"]["Change"]
    return decorate([_field(name, prop, schema["$defs"]) for name, prop in model["properties"].items()])


def _deref(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = prop.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else prop


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def uncertainty_fields(config: Experiment) -> list[Field]:
    """The key uncertainties of a study: path, current value, description and plausible range."""
    paths = list(config.uncertainties) or list(DEFAULT_UNCERTAINTIES)
    dumped = config.model_dump(mode="json")
    fields = []
    for path in paths:
        value = value_at(dumped, path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        field: Field = {"name": path, "title": _uncertainty_title(dumped, path), "kind": "number", "value": value,
                        "description": _description(path)}
        declared = config.uncertainties.get(path)
        if declared is not None:
            field.update(low=declared.low, high=declared.high)
        fields.append(field)
    return fields


def market_fields(config: Experiment) -> list[Field]:
    """The market's parameters (arrivals, diffusion, choice) by dotted path, for a study with rivals."""
    if not config.scenario.rivals:
        return []
    schema = MarketConfig.model_json_schema()
    defs = schema.get("$defs", {})
    dumped = config.model_dump(mode="json")
    fields = []
    for name, prop in schema["properties"].items():
        members = _deref(prop, defs).get("properties", {}) if "$ref" in prop else {}
        for path, key, sub in [(f"{name}.{k}", k, p) for k, p in members.items()] or [(name, name, prop)]:
            field = _field(key, sub, defs)
            path = f"scenario.market.{path}"
            field.update(name=path, title=_uncertainty_title(dumped, path), value=value_at(dumped, path))
            fields.append(field)
    return fields


def value_at(tree: Any, path: str) -> Any:
    """The value at a dotted path (list items by index), or None where the path does not exist."""
    for part in path.split("."):
        if isinstance(tree, list) and part.isdigit() and int(part) < len(tree):
            tree = tree[int(part)]
        elif isinstance(tree, dict) and part in tree:
            tree = tree[part]
        else:
            return None
    return tree


def _uncertainty_title(dumped: dict[str, Any], path: str) -> str:
    """The last two steps of the path in words; a list item by its name (a segment's, say)."""
    words, node = [], dumped
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
        words.append(str(node.get("name", part)) if isinstance(node, dict) and part.isdigit() else _title(part))
    return " / ".join(words[-2:])


def _description(path: str) -> str:
    """The field's description, found by walking the Experiment schema along the path."""
    schema = Experiment.model_json_schema()
    defs = schema.get("$defs", {})
    node: dict[str, Any] = schema
    for part in path.split("."):
        node = _deref(node, defs)
        if part.isdigit():
            node = node.get("items", {})
            continue
        node = node.get("properties", {}).get(part, {})
    return _deref(node, defs).get("description", "")
