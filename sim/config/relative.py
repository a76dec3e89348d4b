"""Prices relative to the one in force: a change may set `"pricing.monthly_fee" = "+15%"`.

A study then says "+15%" rather than a number worked out by hand. Each is resolved to a number
on the file's tables before validation, from the price in force just before the change (the
timeline applied in time order), in decimal arithmetic from the price as written: "+15%" of
12.99 is 14.9385, exactly what a study that writes 14.9385 gives.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from sim.config.base import ConfigError, Strict
from sim.config.levers import Variant
from sim.config.market import Rival
from sim.config.timeline import Change, applied, flatten, in_time_order

RELATIVE = re.compile(r"([+-])(\d+(?:\.\d+)?)%")
PRICES = ("monthly_fee", "rental_fee", "late_fee_per_day", "restocking_fee")
FORM = 'a number, or a change relative to the price in force: "+15%" or "-10%"'


def resolve_prices(raw: dict[str, Any], source: str) -> None:
    """Replace every relative price in the variants' and rivals' changes by its value, in place."""
    variants = raw.get("variants")
    for name, table in (variants.items() if isinstance(variants, dict) else ()):
        _resolve(table, Variant, f"variants.{name}", source)
    scenario = raw.get("scenario")
    rivals = scenario.get("rivals") if isinstance(scenario, dict) else None
    for name, table in (rivals.items() if isinstance(rivals, dict) else ()):
        _resolve(table, Rival, f"scenario.rivals.{name}", source)


def _resolve(table: Any, model: type[Strict], where: str, source: str) -> None:
    """Walk one timeline in time order, resolving each relative price from the levers in force.
    Anything else wrong is left for validation to report."""
    changes = table.get("changes") if isinstance(table, dict) else None
    if not isinstance(changes, list) or not any(_worded(c) for c in changes):
        return
    try:
        levers = model.model_validate({k: v for k, v in table.items() if k != "changes"}).model_dump()
        parsed = tuple(Change.model_validate(c) for c in changes)
    except ValidationError:
        return
    for index, change in in_time_order(parsed):
        values = {path: _value(levers, path, value, f"{where}.changes.{index}.set.{path}", source)
                  for path, value in change.set.items()}
        changes[index] = {**changes[index], "set": values}
        try:
            levers = model.model_validate(applied(levers, change.model_copy(update={"set": values}))).model_dump()
        except ValidationError:
            return


def _worded(change: Any) -> bool:
    """Whether a raw change sets a price by words (or any value by a percentage)."""
    values = change.get("set") if isinstance(change, dict) else None
    flat = flatten(values) if isinstance(values, dict) else {}
    return any(isinstance(v, str) and (p.rsplit(".", 1)[-1] in PRICES or v.strip().endswith("%"))
               for p, v in flat.items())


def _value(levers: dict[str, Any], path: str, value: Any, key: str, source: str) -> Any:
    """The number a relative price stands for (other values as they are)."""
    if not isinstance(value, str):
        return value
    match = RELATIVE.fullmatch(value.strip())
    if path.rsplit(".", 1)[-1] not in PRICES:
        if match or value.strip().endswith("%"):
            raise ConfigError(source, key, f"{value!r}: only a price can change by a percentage "
                              f"({', '.join(PRICES)})")
        return value
    if not match:
        raise ConfigError(source, key, f"{value!r} is not a price; give {FORM}")
    old = _in_force(levers, path)
    if old is None:
        raise ConfigError(source, key, f"{value!r}: no price '{path}' is in force before this change to change by it")
    return float(Decimal(repr(old)) * (1 + Decimal(match[1] + match[2]) / 100))


def _in_force(levers: dict[str, Any], path: str) -> float | None:
    node: Any = levers
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None
