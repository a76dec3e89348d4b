"""Quick mode: the same study with a quarter of the business and three replications.

For workshops, where an answer in seconds beats a narrow interval. The shrunken experiment is a
different experiment (its config hash differs), and reports say it was run in quick mode.
"""

from __future__ import annotations

from sim.config.experiment import Experiment
from sim.config.load import LoadedExperiment

POPULATION_FACTOR = 0.25
REPLICATIONS = 3


def shrink(config: Experiment) -> Experiment:
    """A quarter of the business, at most three replications.

    The initial base, marketing, the fixed overheads and the staff's wage bill all shrink by the
    same factor, so money KPIs are about a quarter of the full study's and profit keeps its sign.
    """
    f = POPULATION_FACTOR
    sc = config.scenario
    customers = sc.customers.model_copy(update={
        "initial": max(1, round(sc.customers.initial * f)),
        "marketing_prospects_per_month": sc.customers.marketing_prospects_per_month * f,
    })
    on_shift = max(1, round(sc.staff.on_shift * f))
    staff = sc.staff.model_copy(update={
        "on_shift": on_shift, "wage_per_hour": sc.staff.wage_per_hour * sc.staff.on_shift * f / on_shift})
    scenario = sc.model_copy(update={
        "customers": customers,
        "staff": staff,
        "store": sc.store.model_copy(update={"overhead_per_month": sc.store.overhead_per_month * f}),
        "mail": sc.mail.model_copy(update={"overhead_per_month": sc.mail.overhead_per_month * f}),
    })
    meta = config.experiment.model_copy(
        update={"replications": min(config.experiment.replications, REPLICATIONS)})
    return Experiment.model_validate(
        {**config.model_dump(), "scenario": scenario.model_dump(), "experiment": meta.model_dump()})


def quick_version(loaded: LoadedExperiment) -> LoadedExperiment:
    """The loaded experiment in quick mode (its sweep points are expanded from the shrunken config)."""
    return LoadedExperiment(source=loaded.source, text=loaded.text, config=shrink(loaded.config))
