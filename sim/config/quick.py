"""Quick mode, and the business at any scale: a faithful miniature of the same study.

For workshops, where an answer in seconds beats a narrow interval, quick mode runs a quarter of
the business and at most three replications. A miniature must tell the same story as the full
study, so only totals scale; everything per customer, per visit, per copy or per shift stays:

- the customers (the initial base, marketing's prospects) and the titles scale with the business,
  each title standing for 1 / factor popularity ranks of the full catalogue (sim.model.catalogue),
  so copies (bought per customer already), demand per title and stockouts stay as they were;
- so does the cap on the pre-history's base (sim.model.prehistory): a base above it runs its
  pre-history scaled down by the same share in the miniature as in the full study, so each
  survivor stands for as many day-0 customers (unscaled, the miniature of a base above the cap
  would run its pre-history at full size and repeat fewer survivors than the full study does);
- the desk keeps its queue: the same staff on shift (the servers) for the same hours, one shift
  every 1 / factor days (sim.model.staff), so each shift meets the same visits and calls per hour,
  the same hostile calls and the same night's rest as a full-sized day. Fewer servers for fewer
  customers would not do: an M/M/5 desk turned M/M/1 waits far longer;
- the totals of money scale alike: the stores (their overhead and their staff are paid per store
  open: a shift serving 1 / factor days of a quarter of the stores is paid one store-day), the
  fixed streaming content cost, the feedback programme's copies and the fixes' one-off costs, so
  money KPIs are about `factor` times the full study's (the mail's overhead is per subscriber).

The scaled experiment is a different experiment (its config hash differs), and reports say it was
run in quick mode. Sweep values, uncertainty ranges and dated changes (`variants.*.changes`) of
scaled parameters are scaled alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from sim.config.experiment import Experiment
from sim.config.load import LoadedExperiment
from sim.errors import UserError

QUICK_SCALE = 0.25
REPLICATIONS = 3

Rule = Callable[[float, float], float]


def amount(value: float, factor: float) -> float:
    """A total (money, a rate, hours) in proportion to the business."""
    return value * factor


def count(value: float, factor: float) -> float:
    """A whole number of things in proportion, at least one if there was one."""
    return max(1, round(value * factor)) if value >= 1 else value


def per_unit(value: float, factor: float) -> float:
    """How many of the full business's units one unit of the miniature stands for (days a shift
    serves, ranks a title stands for)."""
    return value / factor


# Dotted paths of what scales; `*` is any variant. Every other parameter is per customer, per
# visit, per copy or per shift and stays as it is.
SCALED: dict[str, Rule] = {
    "experiment.scale": per_unit,  # real households per simulated one (observed series)
    "scenario.customers.initial": count,
    "scenario.customers.marketing_prospects_per_month": amount,
    "scenario.customers.prehistory_max_customers": count,
    "scenario.catalogue.titles": count,
    "scenario.catalogue.ranks_per_title": per_unit,
    "scenario.store.stores": amount,
    "scenario.streaming.content_cost_per_month": amount,
    "scenario.staff.days_per_shift": per_unit,
    "variants.*.feedback.copies_added": count,
    "variants.*.feedback.copies_fix_cost": amount,
    "variants.*.feedback.late_fee_fix_cost": amount,
    "variants.*.feedback.training_cost": amount,
    "variants.*.feedback.price_fix_cost": amount,
    "scenario.market.diffusion.potential": count,
    "scenario.rivals.*.initial_customers": count,
    "scenario.rivals.*.marketing_prospects_per_month": amount,
    **{f"scenario.rivals.*.feedback.{name}": rule for name, rule in (
        ("copies_added", count), ("copies_fix_cost", amount), ("late_fee_fix_cost", amount),
        ("training_cost", amount), ("price_fix_cost", amount))},
}


def rule_for(path: str) -> Rule | None:
    """The scaling rule of a dotted path, or None for a parameter that stays."""
    parts = path.split(".")
    for pattern, rule in SCALED.items():
        wanted = pattern.split(".")
        if len(wanted) == len(parts) and all(w in ("*", p) for w, p in zip(wanted, parts)):
            return rule
    return None


def shrink(config: Experiment, factor: float = QUICK_SCALE) -> Experiment:
    """The same study with the business `factor` times its size (replications unchanged)."""
    if not factor > 0:
        raise UserError(f"a business scale must be positive (got {factor:g})")
    raw = config.model_dump()
    for pattern, rule in SCALED.items():
        for path in _expanded(raw, pattern):
            _scale_at(raw, path, rule, factor)
    for firm in [*raw["variants"].values(), *raw["scenario"]["rivals"].values()]:
        for change in firm["changes"]:
            change["set"] = {path: _scaled(rule_for(f"variants.*.{path}"), v, factor)
                             for path, v in change["set"].items()}
    raw["sweep"] = {path: [_scaled(rule_for(path), v, factor) for v in values]
                    for path, values in raw["sweep"].items()}
    raw["uncertainties"] = {path: _scaled_range(rule_for(path), u, factor)
                            for path, u in raw["uncertainties"].items()}
    try:
        return Experiment.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(map(str, err["loc"]))
        raise UserError(f"cannot scale the business by {factor:g}: {where}: {err['msg']}") from None


def _expanded(raw: dict[str, Any], pattern: str) -> list[list[str]]:
    """The paths a pattern names in a config: `*` is each name of the table before it (each
    variant, each rival)."""
    head, star, tail = pattern.partition(".*.")
    if not star:
        return [pattern.split(".")]
    table: Any = raw
    for part in head.split("."):
        table = table[part]
    return [[*head.split("."), name, *tail.split(".")] for name in table]


def _scale_at(tree: dict[str, Any], parts: list[str], rule: Rule, factor: float) -> None:
    for part in parts[:-1]:
        tree = tree[part]
    tree[parts[-1]] = _scaled(rule, tree[parts[-1]], factor)


def _scaled(rule: Rule | None, value: Any, factor: float) -> Any:
    """A value by its rule; anything not a number is left for validation to name."""
    if rule is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return rule(value, factor)


def _scaled_range(rule: Rule | None, uncertainty: dict[str, Any], factor: float) -> dict[str, Any]:
    """An uncertainty's ends and mode (the rules are increasing; integer parameters are rounded
    at each design point, so the ends stay unrounded)."""
    if rule is None:
        return uncertainty
    exact = amount if rule is count else rule
    return {k: _scaled(exact, v, factor) if k in ("low", "high", "mode") else v for k, v in uncertainty.items()}


def quick_version(loaded: LoadedExperiment) -> LoadedExperiment:
    """The loaded experiment in quick mode (a quarter of the business, at most three
    replications); its sweep points are expanded from the scaled sweep on first use."""
    scaled = shrink(loaded.config, QUICK_SCALE)
    meta = scaled.experiment.model_copy(
        update={"replications": min(scaled.experiment.replications, REPLICATIONS)})
    return LoadedExperiment(source=loaded.source, text=loaded.text,
                            config=scaled.model_copy(update={"experiment": meta}))
