"""Shared helpers: small experiment files and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL = """
[experiment]
name = "small"
replications = 3
seed = 7
horizon_days = 240

[scenario.customers]
initial = 60
marketing_prospects_per_month = 8

[scenario.catalogue]
titles = 40

[variants.late_fees]
baseline = true

[variants.subscription.pricing]
model = "subscription"
"""


@pytest.fixture
def small_config(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path
