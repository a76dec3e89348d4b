"""Quick mode is a faithful miniature: for every example study it tells the story the full study tells.

For each variant against the baseline, on the KPIs a room is shown (the report's headline KPIs and
the key table `policysim run` prints), no difference whose full-study interval excludes zero may
come out clearly of the other sign in the miniature (its interval wholly on the other side of
zero), and the full study's estimate must lie inside the miniature's interval widened by half its
width, give or take the full study's own 95% margin. (A point estimate of the other sign inside
an interval that holds the full study's value tells a room "no clear difference", not the opposite
story; the second check bounds how far off it may be.)
Differences are compared as the report states them: relative to the baseline where the report
gives a percentage, otherwise as amounts, with totals (money, customers, complaints) per unit of
business size.

Statistics: the full studies run a few replications (tests/study_runs.py: to keep the test to
minutes, hence the margin of their own), and the miniature runs sixteen replications of the
quick-scale business rather than quick mode's three: three draws would test luck, not the
miniature. Either side's noise then moves a difference by about one standard error, and each check
fails by chance only at about four.
The unit tests below check the scaling rules themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.intervals import Interval, paired_difference
from sim.config import LoadedExperiment, parse_experiment
from sim.config.load import with_values
from sim.config.quick import QUICK_SCALE, quick_version, shrink
from sim.errors import UserError
from sim.explore.evaluate import Runs
from sim.model.catalogue import zipf_popularity
from sim.model.prehistory import prehistory_scenario
from sim.plots.labels import MONEY, relative_makes_sense, unit
from sim.report.headlines import HEADLINE_KPIS
from sim.summary_table import KEY_KPIS
from tests.helpers.studies import per_study, runs, study


KPIS = tuple(dict.fromkeys([*HEADLINE_KPIS, *(k for k, _ in KEY_KPIS)]))
TOTAL_UNITS = {MONEY, "customers", "complaints", "prospects", "requests"}
MAX_RELATIVE = 1.0  # as sim.analysis.comparisons: past 100% a percentage says more about the baseline


@dataclass(frozen=True)
class Difference:
    """A variant's paired difference from the baseline on one KPI, as the report would state it."""

    interval: Interval
    baseline_mean: float

    def relative(self) -> Interval:
        b = abs(self.baseline_mean)
        i = self.interval
        return Interval(i.mean / b, i.low / b, i.high / b, i.n)

    def per_unit(self, scale: float) -> Interval:
        i = self.interval
        return Interval(i.mean / scale, i.low / scale, i.high / scale, i.n)

    def in_percent(self, kpi: str) -> bool:
        """The report's rule: a percentage only for a positive baseline and a change within 100%."""
        rel = self.relative()
        return (relative_makes_sense(kpi) and self.baseline_mean > 0
                and max(abs(rel.low), abs(rel.high)) <= MAX_RELATIVE)


def differences(runs: Runs, loaded: LoadedExperiment, point: int) -> Iterator[tuple[str, str, Difference]]:
    base = loaded.config.baseline
    for variant in loaded.config.variants:
        if variant == base:
            continue
        for kpi in KPIS:
            ours, theirs = runs.values[variant][kpi][point], runs.values[base][kpi][point]
            if np.isnan(ours).any() or np.isnan(theirs).any():
                continue
            yield variant, kpi, Difference(paired_difference(ours, theirs), float(theirs.mean()))


def stated(diff: Difference, kpi: str, in_percent: bool, scale: float) -> Interval:
    """The difference in the report's terms, totals per unit of business size."""
    if in_percent:
        return diff.relative()
    return diff.per_unit(scale if unit(kpi) in TOTAL_UNITS else 1.0)


def disagreements(full: Runs, quick: Runs, loaded: LoadedExperiment, small: LoadedExperiment) -> list[str]:
    """Every clear full-study difference the miniature contradicts, as readable lines."""
    found = []
    for point in range(len(loaded.points)):
        small_diffs = {(v, k): d for v, k, d in differences(quick, small, point)}
        for variant, kpi, diff in differences(full, loaded, point):
            if not diff.interval.excludes_zero() or (variant, kpi) not in small_diffs:
                continue
            percent = diff.in_percent(kpi)
            f = stated(diff, kpi, percent, 1.0)
            q = stated(small_diffs[variant, kpi], kpi, percent, QUICK_SCALE)
            widened = 1.5 * q.half_width + f.half_width
            opposite = q.high < 0.0 if f.mean > 0.0 else q.low > 0.0
            if opposite or abs(f.mean - q.mean) > widened:
                found.append(f"point {point} {variant} {kpi}: full {f.mean:+.4g} [{f.low:+.4g}, {f.high:+.4g}], "
                             f"quick-scale {q.mean:+.4g} [{q.low:+.4g}, {q.high:+.4g}]"
                             + ("" if percent else " (amounts)"))
    return found


# A chance disagreement of this test's replications, not a defect of the miniature (issue 19): in the
# headline study the five full replications put subscription's 12-month retention of new customers
# +16% [12, 20] ahead of late fees, the sixteen quick-scale ones +4.6% [0.3, 8.9]. With more
# replications they agree: full +11% over 40 (replications 20-39 alone: +9.6% [7.8, 11.4]),
# quick-scale +8.8% over 72 (24-71 alone: +10.1% [7.5, 12.7]); replications 0-4 of the full study
# are a high draw and 0-15 of the miniature a low one. Measured at both scales, the pre-history's
# survivors (their mix, how often they repeat), the cohort (joiners only; its size scales), the
# desk, reputation and stockouts explain none of it, and a quick-scale run drawing its day-0
# customers from the full-size pre-history gives the quick-scale answer (+7.3%). The seed fixes
# these runs, so the check fails every time: that one check (and only it) is reported as an
# expected failure until the full studies run more replications; every other check of the study
# still has to hold. The replay's entry is not a chance disagreement: it is a known, uninvestigated
# distortion of the replay's miniature, reported in issue 29 (quick mode shrinks the store count,
# the launched plan's depot and the market together; which of them moves the revenue is open).
KNOWN = {("blockbuster_vs_netflix", "point 0 subscription retention_12m:"):
         "a chance disagreement of 5 full and 16 quick-scale replications (40 and 72 agree: +11% and +8.8%)",
         ("history_blockbuster_netflix", "point 0 own_subscription_2002 revenue:"):
         "not investigated yet, so a defect of quick mode for the replay until shown otherwise (issue 29): "
         "since costs that scale and plans learned of (8 December 2026) the miniature gives an own "
         "subscription from 2002 about twice the full study's revenue gain (+5.6% against +3.0%), "
         "in the same direction"}


@pytest.mark.slow
@pytest.mark.parametrize("path", per_study())
def test_the_miniature_tells_the_full_studys_story(path: Path) -> None:
    found = disagreements(runs(path), runs(path, quick=True), study(path), study(path, quick=True))
    known = [(line, why) for (stem, start), why in KNOWN.items() for line in found
             if stem == path.stem and line.startswith(start)]
    assert not [line for line in found if line not in {k for k, _ in known}], "\n".join(found)
    if known:
        pytest.xfail("; ".join(f"{line} ({why})" for line, why in known))


STUDY = """
[experiment]
name = "s"
replications = 10
[scenario.customers]
initial = 801
marketing_prospects_per_month = 90
[scenario.catalogue]
titles = 400
[scenario.staff]
on_shift = 5
open_hours = 12
[variants.base]
baseline = true
[variants.listen.feedback]
enabled = true
copies_added = 40
training_cost = 3000
[[variants.listen.changes]]
at_month = 6
set = { "feedback.copies_added" = 80, "pricing.rental_fee" = 3.99 }
[sweep]
"scenario.customers.initial" = [400, 1600]
[uncertainties]
"scenario.customers.marketing_prospects_per_month" = [60, 120]
"scenario.staff.on_shift" = [2, 8]
"""


def test_totals_scale_and_everything_per_customer_or_per_shift_stays() -> None:
    loaded = parse_experiment(STUDY)
    small = shrink(loaded.config, 0.25)
    sc, full = small.scenario, loaded.config.scenario
    assert sc.customers.initial == 200 and sc.customers.marketing_prospects_per_month == 22.5
    assert sc.catalogue.titles == 100 and sc.catalogue.ranks_per_title == 4.0
    assert sc.customers.prehistory_max_customers == full.customers.prehistory_max_customers // 4
    assert sc.staff.on_shift == 5 and sc.staff.open_hours == 12 and sc.staff.days_per_shift == 4.0
    assert sc.staff.wage_per_hour == full.staff.wage_per_hour
    assert sc.store.stores == full.store.stores / 4 and sc.store.overhead_per_month == full.store.overhead_per_month
    assert sc.mail.overhead_per_subscriber_month == full.mail.overhead_per_subscriber_month
    assert sc.streaming.content_cost_per_month == full.streaming.content_cost_per_month / 4
    assert sc.customers.segments == full.customers.segments and sc.goodwill == full.goodwill
    listen = small.variants["listen"]
    assert listen.feedback.copies_added == 10 and listen.feedback.training_cost == 750
    assert listen.feedback.cost_per_answer == loaded.config.variants["listen"].feedback.cost_per_answer
    assert listen.changes[0].set == {"feedback.copies_added": 20, "pricing.rental_fee": 3.99}
    assert small.sweep == {"scenario.customers.initial": [100, 400]}
    assert small.uncertainties["scenario.customers.marketing_prospects_per_month"].low == 15
    assert small.uncertainties["scenario.staff.on_shift"] == loaded.config.uncertainties["scenario.staff.on_shift"]
    assert small.experiment == loaded.config.experiment.model_copy(update={"scale": 4.0})  # real units kept


def test_quick_mode_runs_its_sweep_points_at_the_quick_scale() -> None:
    small = quick_version(parse_experiment(STUDY))
    assert [p.experiment.scenario.customers.initial for p in small.points] == [100, 400]
    assert all(p.experiment.scenario.catalogue.titles == 100 for p in small.points)
    assert small.config.experiment.replications == 3


def test_any_scale_up_or_down_and_a_scale_that_cannot_be_is_refused() -> None:
    config = parse_experiment(STUDY).config
    assert shrink(config, 2.0).scenario.customers.initial == 1602
    assert shrink(config, 2.0).scenario.staff.days_per_shift == 0.5
    assert shrink(config, 1.0) == config
    with pytest.raises(UserError, match="scale"):
        shrink(config, 0.0)
    with pytest.raises(UserError, match="cannot scale the business by 0.0001: scenario"):
        shrink(config, 1e-4)


def test_a_base_above_the_pre_history_cap_runs_a_pre_history_scaled_alike() -> None:
    """Each pre-history survivor stands for as many day-0 customers in the miniature as in the full
    study (unscaled, the miniature ran its pre-history at its full base: per day-0 customer 0.67
    distinct survivors against the full study's 0.33, for 800 customers and a cap of 400)."""
    config = with_values(parse_experiment(STUDY).config, {"scenario.customers.initial": 8000}, "s")
    full, small = prehistory_scenario(config.scenario), prehistory_scenario(shrink(config, 0.25).scenario)
    assert full.customers.initial == 5000 and small.customers.initial == 1250
    assert small.customers.marketing_prospects_per_month == pytest.approx(
        full.customers.marketing_prospects_per_month * 0.25)
    assert small.catalogue.titles == full.catalogue.titles // 4


def test_a_miniature_title_stands_for_its_ranks_of_the_full_catalogue() -> None:
    full = zipf_popularity(400, 0.8)
    assert np.allclose(zipf_popularity(100, 0.8, 4.0), full.reshape(-1, 4).sum(axis=1))
    assert np.allclose(zipf_popularity(800, 0.8, 0.5).reshape(-1, 2).sum(axis=1), full)
    uneven = zipf_popularity(120, 0.8, 400 / 120)
    assert uneven.sum() == pytest.approx(1.0) and np.all(np.diff(uneven) < 0)
