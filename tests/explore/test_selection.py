"""KN selection on constructed variants with known means: correct often enough, and cheaper."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.explore.selection import fixed_sample_size, kn
from sim.rng import generator
from tests.helpers.configs import GOOD

DELTA, SD = 0.5, 1.0


def _sampler(means: np.ndarray, seed: int):
    """Normal outputs with a shared per-replication term (common random numbers), sd of differences SD."""
    rng = generator(seed)

    def sample(replications, systems) -> np.ndarray:
        n = len(list(replications))
        shared = rng.normal(0.0, 2.0, (n, 1))
        own = rng.normal(0.0, SD / np.sqrt(2), (n, len(means)))
        return (means + shared + own)[:, list(systems)]

    return sample


def _trials(means: np.ndarray, count: int) -> tuple[float, float]:
    results = [kn(_sampler(means, seed), len(means), DELTA, 0.95, n0=10) for seed in range(count)]
    correct = np.mean([r.best == int(np.argmax(means)) for r in results])
    return float(correct), float(np.mean([sum(r.replications) for r in results]))


def test_slippage_configuration_is_selected_correctly_at_least_95_percent() -> None:
    means = np.array([0.0, 0.0, 0.0, DELTA])
    correct, _ = _trials(means, 400)
    assert correct >= 0.95


def test_fewer_replications_than_a_fixed_sample_comparison() -> None:
    means = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    correct, total = _trials(means, 200)
    assert correct >= 0.95
    assert total < len(means) * fixed_sample_size(len(means), DELTA, SD, 0.95)


def test_minimising_and_eliminations_explain_themselves() -> None:
    means = np.array([3.0, 0.0, 2.0])
    result = kn(_sampler(means, 1), 3, DELTA, 0.95, maximize=False)
    assert result.best == 1 and result.guaranteed
    assert {e.system for e in result.eliminated} == {0, 2}
    assert all(e.gap > e.allowance and e.by in (0, 1, 2) for e in result.eliminated)


def test_cap_reached_loses_the_guarantee() -> None:
    result = kn(_sampler(np.zeros(3), 2), 3, 0.01, 0.95, n0=5, max_replications=8)
    assert not result.guaranteed and max(result.replications) <= 8


def test_select_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["select", str(cfg), "--kpi", "profit", "--delta", "100000", "--n0", "3"]) == 0
    out = capsys.readouterr().out
    assert "best:" in out and "late_fees" in out and "subscription" in out
    assert not (tmp_path / "results").exists()
