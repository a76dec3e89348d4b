"""Quick mode: the same study with a quarter of the customers and three replications.

For workshops, where an answer in seconds beats a narrow interval. The shrunken experiment is a
different experiment (its config hash differs), and reports say it was run in quick mode.
"""

from __future__ import annotations

from sim.config.experiment import Experiment
from sim.config.load import LoadedExperiment, expand_sweep

POPULATION_FACTOR = 0.25
REPLICATIONS = 3


def shrink(config: Experiment) -> Experiment:
    """A quarter of the initial base and of the marketing prospects, at most three replications."""
    customers = config.scenario.customers
    smaller = customers.model_copy(update={
        "initial": max(1, round(customers.initial * POPULATION_FACTOR)),
        "marketing_prospects_per_month": customers.marketing_prospects_per_month * POPULATION_FACTOR,
    })
    scenario = config.scenario.model_copy(update={"customers": smaller})
    meta = config.experiment.model_copy(
        update={"replications": min(config.experiment.replications, REPLICATIONS)})
    return Experiment.model_validate(
        {**config.model_dump(), "scenario": scenario.model_dump(), "experiment": meta.model_dump()})


def quick_version(loaded: LoadedExperiment) -> LoadedExperiment:
    """The loaded experiment in quick mode, with its sweep points expanded again."""
    config = shrink(loaded.config)
    points = expand_sweep(config.model_copy(update={"sweep": {}}), config.sweep, loaded.source)
    return LoadedExperiment(source=loaded.source, text=loaded.text, config=config, points=points)
