"""Validated, frozen experiment configs (pydantic models) and the TOML loader."""

from sim.config.experiment import Experiment, Meta
from sim.config.levers import PerRental, Subscription, Variant
from sim.config.load import ConfigError, LoadedExperiment, SweepPoint, load_experiment, parse_experiment
from sim.config.scenario import Scenario

__all__ = [
    "ConfigError", "Experiment", "LoadedExperiment", "Meta", "PerRental", "Scenario",
    "Subscription", "SweepPoint", "Variant", "load_experiment", "parse_experiment",
]
