"""Counter names are constants of sim.counter_names: the model counts by them and sim/metrics.py reads
them, so a misspelt name fails at import instead of reading as a silent zero."""

import ast
import importlib
from pathlib import Path

import pytest

import sim.counter_names as names
from sim.config import parse_experiment
from sim.model.world import RunSpec, World

ROOT = Path(__file__).resolve().parents[2] / "sim"
COUNTING = ("model", "policies", "metrics.py", "validation")
CALLS = {"count", "add", "add_all", "series"}  # firm.count, counters.add/add_all/series; counts.get below
CONSTANTS = {v for k, v in vars(names).items() if k.isupper() and not k.endswith("_OF")}
PREFIXES = tuple(v for k, v in vars(names).items() if k.endswith("_OF"))
RUN = """
[experiment]
name = "counters"
seed = 7
horizon_days = 240

[scenario.customers]
initial = 60
marketing_prospects_per_month = 8

[scenario.catalogue]
titles = 40

[variants.late_fees]
baseline = true
"""


def _files() -> list[Path]:
    return [p for part in COUNTING for p in ([ROOT / part] if part.endswith(".py") else (ROOT / part).rglob("*.py"))]


def _bare_names(path: Path) -> list[str]:
    """String literals (and f-strings) naming a counter in a counting call's first argument."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        counts_get = name == "get" and isinstance(f, ast.Attribute) and getattr(f.value, "attr", "") == "counts"
        if name in CALLS or counts_get:
            found += [f"{path.name}:{n.lineno}" for n in ast.walk(node.args[0])
                      if isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, str))]
    return found


def test_the_model_and_metrics_count_by_constants_not_strings():
    bare = [site for path in _files() for site in _bare_names(path)]
    assert bare == [], f"counter names written as strings (use sim.counter_names): {bare}"


def test_a_misspelt_counter_fails_at_import():
    with pytest.raises(ImportError):
        exec("from sim.counter_names import RENTLAS", {})
    assert importlib.import_module("sim.counter_names").RENTALS == "rentals"


def test_every_counter_a_run_makes_is_named():
    cfg = parse_experiment(RUN).config
    world = World(RunSpec(cfg.scenario, cfg.variants["late_fees"], 7, 0, cfg.experiment.horizon_days))
    world.run()
    made = set(world.ours.counters.counts)
    assert {names.RENTALS, names.JOINED, names.CHURNED} <= made
    unnamed = sorted(n for n in made if n not in CONSTANTS and not n.startswith(PREFIXES))
    assert unnamed == []
