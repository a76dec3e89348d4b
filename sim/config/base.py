"""Shared building blocks for the config models: strict, frozen, documented parameters and names."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sim.errors import ConfigError as ConfigError  # re-exported: config modules import it from here
from sim.errors import quote

ASSUMPTION = "assumption"
NAME_LENGTH = 64
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


class Strict(BaseModel):
    """A config table: unknown keys are errors, values never change after validation, and no
    number is NaN or infinite (TOML can spell nan and inf; no parameter means either)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)


def check_name(name: str) -> str:
    """Names become folder names, file names and table labels: short, plain and on one line."""
    if len(name) > NAME_LENGTH or not _NAME.fullmatch(name):
        raise ValueError(f"a name is 1 to {NAME_LENGTH} characters: letters, digits, '_', '-' or '.', "
                         f"starting with a letter, digit or '_' (got {quote(name)})")
    return name


Name = Annotated[str, AfterValidator(check_name)]


def param(default: Any, description: str, source: str = ASSUMPTION, **constraints: Any) -> Any:
    """A documented field; `source` says where the default comes from (or that it is assumed)."""
    return Field(default, description=description, json_schema_extra={"source": source}, **constraints)


def probability(default: float, description: str, source: str = ASSUMPTION) -> Any:
    """A field that must lie in [0, 1]."""
    return param(default, description, source, ge=0.0, le=1.0)


# Ranges a real business can have; docs/parameters.md lists each field's limits.
GOODWILL_LIMIT = 10.0  # goodwill units: one unit scales the churn hazard by e^kappa
CHARGE_MAX = 1_000.0  # one charge or cost per title, visit or card
MONTHLY_MAX = 10_000.0  # a monthly fee or reference price
OVERHEAD_MAX = 10_000_000.0  # fixed running costs per month
ONE_OFF_MAX = 1_000_000.0  # a one-off cost (a fix, a hire)
DAYS_MAX = 36_500.0  # the longest horizon, 100 years


def goodwill_param(default: float, description: str, source: str = ASSUMPTION) -> Any:
    """A goodwill amount or threshold, within +/- GOODWILL_LIMIT (the hazard's exponent stays sane)."""
    return param(default, description, source, ge=-GOODWILL_LIMIT, le=GOODWILL_LIMIT)
