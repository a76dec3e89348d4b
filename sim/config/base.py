"""Shared building blocks for the config models: strict, frozen, documented parameters."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ASSUMPTION = "assumption"


class Strict(BaseModel):
    """A config table: unknown keys are errors and values never change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def param(default: Any, description: str, source: str = ASSUMPTION, **constraints: Any) -> Any:
    """A documented field; `source` says where the default comes from (or that it is assumed)."""
    return Field(default, description=description, json_schema_extra={"source": source}, **constraints)


def probability(default: float, description: str, source: str = ASSUMPTION) -> Any:
    """A field that must lie in [0, 1]."""
    return param(default, description, source, ge=0.0, le=1.0)
