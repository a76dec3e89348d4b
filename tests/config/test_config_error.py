"""One ConfigError: the class users catch is the class every bad input raises, with the same lines."""

import pickle

import pytest

import sim
import sim.config
import sim.config.base
import sim.errors
from sim.analysis.results import ResultsError
from sim.config import parse_experiment


def test_one_class_under_every_name():
    assert sim.ConfigError is sim.config.ConfigError is sim.config.base.ConfigError is sim.errors.ConfigError
    assert sim.errors.UserError is sim.ConfigError
    assert issubclass(ResultsError, sim.ConfigError)


def test_a_configs_error_names_file_and_path_on_one_line():
    err = sim.ConfigError("study.toml", "scenario.goodwill\nkappa", "must be >= 0")
    assert str(err) == "study.toml: scenario.goodwill\\nkappa: must be >= 0"
    assert (err.source, err.path, err.message) == ("study.toml", "scenario.goodwill\nkappa", "must be >= 0")
    assert str(sim.ConfigError("study.toml", "", "file not found")) == "study.toml: file not found"


def test_any_other_bad_input_is_its_message():
    err = sim.ConfigError("runs/x: not a results folder")
    assert str(err) == "runs/x: not a results folder"
    assert (err.path, err.message) == ("", "runs/x: not a results folder")
    assert str(pickle.loads(pickle.dumps(err))) == str(err)


def test_a_bad_config_raises_it():
    with pytest.raises(sim.ConfigError, match=r"^bad\.toml: experiment\.nmae: "):
        parse_experiment('[experiment]\nnmae = "x"\n', "bad.toml")
