"""The answer panel's figures: paired differences with honest verdicts, and the one-sentence summary."""

import numpy as np
import pytest

from sim.analysis.answer import BETTER, TOO_FEW, UNCLEAR, WORSE, answer, tile
from sim.analysis.intervals import paired_difference
from sim.analysis.results import load_results
from sim.report import stored_config
from sim.report.answer_panel import answer_html
from tests.helpers.results import write_results


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return load_results(write_results(tmp_path_factory.mktemp("results")))


def test_tiles_are_the_paired_differences_of_the_decision_kpis(results):
    got = answer(results, stored_config(results))
    assert [v.variant for v in got.variants] == ["no_late_fees", "subscription"]
    sub = next(v for v in got.variants if v.variant == "subscription")
    assert [t.kpi for t in sub.tiles] == ["profit", "customers_active_end", "monthly_churn_rate"]
    profit = sub.tiles[0]
    assert profit.difference == paired_difference(results.kpi("profit", "subscription"),
                                                  results.kpi("profit", "late_fees"))
    assert profit.title == "Profit over 6 months" and profit.value.startswith(("+$", "-$"))


@pytest.mark.parametrize("kpi, shift, expected", [
    ("profit", 100.0, BETTER), ("profit", -100.0, WORSE),
    ("monthly_churn_rate", 0.01, WORSE), ("monthly_churn_rate", -0.01, BETTER),
])
def test_verdict_follows_the_kpis_direction_of_good(kpi, shift, expected):
    base = np.array([1.0, 2.0, 3.0, 4.0])
    noise = np.array([0.001, -0.001, 0.002, -0.002]) * abs(shift)
    assert tile(kpi, base + shift + noise, base).verdict == expected


def test_no_clear_difference_when_the_interval_holds_zero_and_too_few_with_one_replication():
    base = np.array([1.0, 2.0, 3.0])
    assert tile("profit", base + np.array([5.0, -5.0, 1.0]), base).verdict == UNCLEAR
    assert tile("profit", np.array([3.0]), np.array([1.0])).verdict == TOO_FEW


def test_churn_in_percentage_points_and_customers_as_counts():
    base = np.array([0.05, 0.06, 0.07])
    assert tile("monthly_churn_rate", base + 0.004, base).value == "+0.4 pp"
    counts = np.array([100.0, 110.0, 120.0])
    assert tile("customers_active_end", counts + np.array([30.0, 31.0, 32.0]), counts).value == "+31"


def test_summary_names_the_clearly_best_for_profit_and_for_customers(results):
    text = answer(results).summary
    diffs = {v: paired_difference(results.kpi("profit", v), results.kpi("profit", "late_fees"))
             for v in ("no_late_fees", "subscription")}
    clear = [v for v, d in diffs.items() if d.low > 0]
    best = max(clear, key=lambda v: diffs[v].mean) if clear else "late_fees"
    assert text.startswith(f"Best for profit: `{best}`")
    assert "best for customers:" in text and ("does both" in text or "no one option does both" in text)


def test_panel_fragment_has_the_answer_id_and_a_tile_per_kpi(results):
    fragment = answer_html(answer(results))
    assert fragment.startswith('<section id="answer">')
    assert fragment.count('class="tile ') == 2 * 3
