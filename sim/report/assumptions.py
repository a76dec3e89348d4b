"""The assumptions behind a run: every parameter that differs from its default, with the
default's source, so a workshop can see what was changed and what rests on judgement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from sim.config import Experiment, Meta, Scenario
from sim.config.base import ASSUMPTION
from sim.config.market import Rival

SKIPPED = frozenset({"name", "description", "seed", "baseline", "model", "rivals"})  # rivals: one by one


@dataclass(frozen=True)
class Parameter:
    """A parameter at a dotted path: the value used, the default and where the default comes from."""

    path: str
    value: Any
    default: Any
    source: str

    @property
    def changed(self) -> bool:
        return self.value != self.default


def flatten(model: BaseModel, prefix: str) -> dict[str, tuple[Any, str]]:
    """{dotted path: (value, source)} for every leaf parameter of a config model."""
    out: dict[str, tuple[Any, str]] = {}
    for name, field in type(model).model_fields.items():
        if name in SKIPPED:
            continue
        value, path = getattr(model, name), f"{prefix}.{name}"
        if isinstance(value, BaseModel):
            out.update(flatten(value, path))
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                out.update(flatten(item, f"{path}[{i}]"))
        else:
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            out[path] = (value, str(extra.get("source", ASSUMPTION)))
    return out


def parameters(config: Experiment) -> list[Parameter]:
    """Every parameter used (scenario, each variant's pricing, the experiment's design) beside its default."""
    pairs: list[tuple[BaseModel, BaseModel, str]] = [
        (config.experiment, Meta(), "experiment"),
        (config.scenario, Scenario(), "scenario"),
    ]
    priced = {f"variants.{name}": v.pricing for name, v in config.variants.items()}
    for name, rival in config.scenario.rivals.items():
        pairs.append((rival, Rival(pricing=rival.pricing), f"scenario.rivals.{name}"))  # pricing: as below
        priced[f"scenario.rivals.{name}"] = rival.pricing
    for where, pricing in priced.items():
        plans = getattr(pricing, "plans", {"": pricing})  # a menu's plans, each beside its model's defaults
        pairs += [(plan, type(plan)(), f"{where}.pricing" + (f".plans.{key}" if key else ""))
                  for key, plan in plans.items()]
    out = []
    for used, default, prefix in pairs:
        values, defaults = flatten(used, prefix), flatten(default, prefix)
        for path in dict.fromkeys([*values, *defaults]):
            value, source = values.get(path, ("(absent)", ""))
            default_value, default_source = defaults.get(path, ("(none)", source))
            out.append(Parameter(path, value, default_value, default_source or ASSUMPTION))
    return out


def changed(config: Experiment) -> list[Parameter]:
    """The parameters that differ from their defaults."""
    return [p for p in parameters(config) if p.changed]
