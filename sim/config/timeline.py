"""A variant's timeline: dated changes to its levers, announced ahead or not, and for whom.

A change sets lever values by dotted path under the variant (`pricing.monthly_fee`,
`pricing.enforcement`, `complaints.policy`, or a whole new pricing model by `pricing.model`).
Changes apply cumulatively in time order; `regimes` resolves each one to the full set of levers
in force from its day on, validated like any variant, so the model never meets a bad value.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from sim.config.base import DAYS_MAX, Strict, param
from sim.errors import quote

if TYPE_CHECKING:
    from sim.config.levers import Variant

MONTH = 365.0 / 12.0  # days, as sim.clock.MONTH (the config cannot import the model's package)
Existing = Literal["at_once", "never", "after_grandfathering"]
NOT_LEVERS = ("changes", "baseline", "description", "group")
PRICING_MODELS = ("per_rental", "subscription", "streaming", "hybrid", "menu")


class Change(Strict):
    """One dated change of a variant's levers."""

    at_month: float | None = param(None, "Month the change takes effect (a month is 365/12 days).", ge=0.0,
                                   le=DAYS_MAX / MONTH)
    at_day: float | None = param(None, "Day the change takes effect (instead of at_month).", ge=0.0, le=DAYS_MAX)
    notice_days: float = param(
        0.0, "Days between the announcement to existing customers and the day their prices change "
        "(the change's day, or the end of their grandfathering).", ge=0.0, le=DAYS_MAX)
    set: dict[str, Any] = Field(
        min_length=1,
        description="Lever values by dotted path under the variant, e.g. {\"pricing.monthly_fee\" = 23.94}; "
        "setting pricing.model starts a new pricing table (a new model or menu: its other keys from this "
        "change, or their defaults). A price may be given relative to the one in force: "
        "\"+15%\" or \"-10%\".",
    )
    existing_customers: Existing = param(
        "at_once",
        "Who of the customers active at the change gets the new prices: at_once (everyone on the day), "
        "never (only new customers), after_grandfathering (existing ones after grandfather_months).",
    )
    grandfather_months: float = param(0.0, "after_grandfathering: months existing customers keep the old prices.",
                                       ge=0.0, le=120.0)
    phase_in_months: float = param(
        0.0, "Existing customers move spread evenly over this many months from the day they would move, each "
        "at a monthly bill of its own (Netflix 2016: grandfathered members moved May-October as their billing "
        "dates came); 0: all on that day.", ge=0.0, le=120.0)
    label: str = param("", "Label of the change on plots (default: the values it sets).", max_length=80)

    @field_validator("set", mode="before")
    @classmethod
    def _dotted(cls, value: Any) -> Any:
        """Nested tables ({pricing = {monthly_fee = 1}}) and quoted dotted keys mean the same."""
        return flatten(value) if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _consistent(self) -> "Change":
        if (self.at_month is None) == (self.at_day is None):
            raise ValueError("give exactly one of at_month or at_day")
        grandfathering = self.existing_customers == "after_grandfathering"
        if grandfathering and self.grandfather_months <= 0:
            raise ValueError("existing_customers = \"after_grandfathering\" needs grandfather_months > 0")
        if self.grandfather_months and not grandfathering:
            raise ValueError("grandfather_months needs existing_customers = \"after_grandfathering\"")
        if self.phase_in_months and self.existing_customers == "never":
            raise ValueError("phase_in_months needs existing customers who move (not existing_customers = \"never\")")
        return self

    @property
    def day(self) -> float:
        """The day the change takes effect."""
        return self.at_day if self.at_day is not None else float(self.at_month or 0.0) * MONTH

    @property
    def announced(self) -> float:
        """The day the existing customers it moves hear of it: `notice_days` before they move."""
        return self.grandfathered_until - self.notice_days

    @property
    def grandfathered_until(self) -> float:
        """The day existing customers move (the change's day unless they are grandfathered)."""
        return self.day + self.grandfather_months * MONTH

    @property
    def prices_only(self) -> bool:
        return all(path.startswith("pricing.") for path in self.set)

    def describe(self) -> str:
        """The plot label: given, or the values set."""
        return self.label or ", ".join(f"{p} = {v}" for p, v in self.set.items())


@dataclass(frozen=True)
class Regime:
    """The levers in force from a change on, with the change that brought them."""

    change: Change
    levers: "Variant"


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{a: {b: 1}} and {"a.b": 1} both give {"a.b": 1}."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten(value, path))
        else:
            flat[path] = value
    return flat


def in_time_order(changes: tuple[Change, ...]) -> list[tuple[int, Change]]:
    """(index in the file, change) by effective day; ties keep the file's order."""
    return sorted(enumerate(changes), key=lambda pair: pair[1].day)


def regimes(variant: "Variant") -> list[Regime]:
    """Each change, in time order, with the full levers in force from its day on."""
    raw = variant.model_dump(exclude={"changes"})
    out = []
    for _, change in in_time_order(variant.changes):
        raw = applied(raw, change)
        out.append(Regime(change, type(variant).model_validate(raw)))
    return out


def applied(raw: dict[str, Any], change: Change) -> dict[str, Any]:
    """A variant's raw levers with one change's values set (a new pricing model starts afresh)."""
    out = copy.deepcopy(raw)
    if "pricing.model" in change.set:
        out["pricing"] = {}
    for path, value in change.set.items():
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def first_problem(variant: "Variant", horizon_days: float) -> tuple[str, str] | None:
    """The first thing wrong with a variant's timeline, as (key path under the variant, message)."""
    raw = variant.model_dump(exclude={"changes"})
    seen: dict[tuple[float, str], int] = {}
    for index, change in in_time_order(variant.changes):
        where = f"changes.{index}"
        problem = _timing(change, horizon_days) or _paths(raw, change)
        if problem:
            return where, problem
        for path in change.set:
            other = seen.setdefault((change.day, path), index)
            if other != index:
                return f"{where}.set.{path}", f"changes {other} and {index} both set '{path}' on day {change.day:g}"
        try:  # a variant, or a rival (sim.config.market); defaults filled in, so later changes may set them
            raw = type(variant).model_validate(applied(raw, change)).model_dump(exclude={"changes"})
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"] if p not in PRICING_MODELS)
            return f"{where}.set.{loc}", f"{err['msg']} (got {quote(err.get('input'))})"
    return None


def _timing(change: Change, horizon_days: float) -> str | None:
    if change.day >= horizon_days:
        return f"takes effect on day {change.day:g}, not before the horizon ({horizon_days:g} days)"
    if change.announced < 0:
        return (f"notice_days ({change.notice_days:g}) reaches before day 0 (existing customers move on day "
                f"{change.grandfathered_until:g})")
    return None


def _paths(raw: dict[str, Any], change: Change) -> str | None:
    """Every path names a lever that exists (in the new pricing model, when it changes)."""
    model = change.set.get("pricing.model")
    if model is not None and model not in PRICING_MODELS:
        return f"set: unknown pricing model {quote(model)}; allowed: {', '.join(PRICING_MODELS)}"
    for path in change.set:
        head = path.split(".")[0]
        if head in NOT_LEVERS:
            return f"set: '{path}' is not a lever; allowed: pricing, retention, sales, feedback, complaints"
        if not change.prices_only and change.existing_customers != "at_once":
            return (f"existing_customers = \"{change.existing_customers}\" applies to prices only; "
                    f"'{path}' changes for everyone (put it in a change of its own)")
        if model is not None and head == "pricing":
            continue  # a new pricing table: its keys are checked when the levers are validated
        node: Any = raw
        for part in path.split(".")[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        leaf = path.split(".")[-1]
        if not isinstance(node, dict) or leaf not in node:
            allowed = ", ".join(sorted(node)) if isinstance(node, dict) else "nothing"
            return f"set: unknown lever '{path}'; allowed here: {allowed}"
    return None

