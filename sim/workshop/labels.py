"""Business words for the lever form: a label, a unit and when a field applies, from the config models.

The units follow the parameter reference's descriptions (`policysim params`): fees and costs in $,
periods in days or months, fractions shown as %. A field whose description starts with one of its
group's choices ("convert_to_sale: days past due before the sale") applies only under that choice,
and a group switched off by its `enabled` field shows nothing else, so the room never edits a lever
that does nothing.
"""

from __future__ import annotations

import re
from typing import Any

LABELS = {
    "rental_fee": "Rental fee", "rental_days": "Rental period", "late_fee_per_day": "Late fee",
    "late_fee_cap_days": "Late fees charged for at most", "enforcement": "Late fees",
    "grace_days": "Grace period before the sale", "refund_window_days": "Return credited within",
    "restocking_fee": "Restocking fee", "copies_per_customer": "Copies bought per customer",
    "stores_open": "Stores open", "monthly_fee": "Monthly fee", "titles_at_home": "Titles at home at a time",
    "tactic": "Retention tactic", "targeted": "Only for unhappy customers",
    "goodwill_threshold": "Unhappy below goodwill",
    "postcard_cost": "Birthday card cost", "discount_percent": "Discount on every charge", "style": "Sales style",
    "enabled": "Run exit surveys and fix the top reason", "review_days": "Review the answers every",
    "menu": "Fixes we are willing to make", "cost_per_answer": "Cost per survey answer",
    "copies_added": "Copies added (more copies)", "copies_fix_cost": "Cost of more copies",
    "late_fee_cut": "Late fee cut", "late_fee_fix_cost": "Cost of cutting late fees",
    "training_effect": "Staff training softens bad experiences by", "training_cost": "Cost of staff training",
    "price_cut": "Price cut", "price_fix_cost": "Cost of cutting the price", "policy": "Complaints policy",
    "first_contact_resolution": "Settled at first contact", "enters_month": "Enters in month",
}
GROUPS = {"pricing": "Pricing", "retention": "Keeping customers", "sales": "Selling in the store",
          "feedback": "Listening to lost customers", "complaints": "Complaints", "entry": "Entry and marketing"}
CHOICES = {
    "per_rental": "Pay per rental (store)", "subscription": "Monthly subscription (mail)",
    "streaming": "Streaming", "hybrid": "Mail and streaming", "menu": "A menu of plans",
    "enforce": "Charge late fees", "none": "None", "convert_to_sale": "No late fees: sell after a grace period",
    "waive_on_request": "Charge, waive for anyone who complains", "postcard": "Birthday postcard",
    "discount": "Discount", "friendly": "Friendly", "aggressive": "Upsell at every visit",
    "always_right": "Customer is always right", "fair": "Fair", "strict": "Strict",
    "at_once": "Everyone at once", "never": "New customers only",
    "after_grandfathering": "Existing after grandfathering",
}
PER = {"monthly_fee": "$ per month", "rental_fee": "$ per title", "late_fee_per_day": "$ per day",
       "cost_per_answer": "$ per answer", "postcard_cost": "$ per card", "discount_percent": "%",
       "titles_at_home": "titles", "copies_per_customer": "copies", "copies_added": "copies"}
APPLIES = {  # where a description does not say it: the choice a field needs, or the one it is useless under
    "late_fee_per_day": {"field": "enforcement", "not": "none"},
    "late_fee_cap_days": {"field": "enforcement", "not": "none"},
    "discount_percent": {"field": "tactic", "is": "discount"},
    "postcard_cost": {"field": "tactic", "is": "postcard"},
}
FRACTION = re.compile(r"\b(fraction|share)\b", re.IGNORECASE)


def unit(name: str, field: dict[str, Any]) -> tuple[str, float]:
    """The unit a field is shown in, and the factor from the model's value to the shown one."""
    if name in PER:
        return PER[name], 1.0
    if name.endswith(("_fee", "_cost")) or name.startswith("cost"):
        return "$", 1.0
    if name.endswith("_days") or name == "review_days":
        return "days", 1.0
    if name.endswith(("_months", "_month")):
        return "months" if name.endswith("s") else "month", 1.0
    top = field.get("maximum", field.get("exclusiveMaximum"))
    if field.get("kind") == "number" and top == 1 and FRACTION.search(field.get("description", "")):
        return "%", 100.0
    return "", 1.0


def when(name: str, description: str, siblings: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The condition under which a field applies: {field: value} from its description's prefix, or
    the group's `enabled` switch."""
    if name in APPLIES and APPLIES[name]["field"] in siblings:
        return APPLIES[name]
    prefix = description.split(":", 1)[0].strip() if ":" in description else ""
    for other, field in siblings.items():
        if other == name:
            continue
        if field.get("kind") == "boolean" and prefix == other:
            return {"field": other, "is": True}
        if prefix and prefix in (field.get("choices") or []):
            return {"field": other, "is": prefix, "many": field.get("kind") == "choices"}
    if "enabled" in siblings and name != "enabled":
        return {"field": "enabled", "is": True}
    return None


def decorate(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The group's fields with label, unit, scale, choice labels and applicability added."""
    siblings = {f["name"]: f for f in fields}
    out = []
    for field in fields:
        shown, scale = unit(field["name"], field)
        extra = {"label": LABELS.get(field["name"], field["title"]), "unit": shown, "scale": scale,
                 "when": when(field["name"], field.get("description", ""), siblings)}
        if field.get("choices"):
            extra["choice_labels"] = {c: CHOICES.get(c, str(c).replace("_", " ")) for c in field["choices"]}
        out.append({**field, **extra})
    return out
