"""The Python API refuses bad input of any kind with sim.ConfigError and a clear one-line message,
before it loads or writes anything (issue 32, "The Python API")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sim
from sim.errors import MESSAGE_LENGTH
from tests.helpers.configs import SMALL
from tests.helpers.refusal import snapshot

SOURCE = "experiment must be a file path (str or pathlib.Path), a dict shaped like an experiment file"


def refused_by_api(call: Any, folder: Path, *expected: str) -> str:
    """The call raises sim.ConfigError whose message is one short line with `expected`; no file changes."""
    before = snapshot(folder)
    with pytest.raises(sim.ConfigError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and len(message) <= MESSAGE_LENGTH + 40, message[:2000]
    assert all(e in message for e in expected), message
    assert snapshot(folder) == before
    return message


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize(("source", "got"), [(None, "NoneType None"), ([], "list []"),
                                             (b"[experiment]", "bytes b'[experiment]'"), (42, "int 42")])
def test_load_takes_a_path_a_dict_or_a_loaded_experiment(source, got, tmp_path):
    refused_by_api(lambda: sim.load(source), tmp_path, SOURCE, f"got {got}")


def test_run_of_a_number_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused_by_api(lambda: sim.run(42, workers=1), tmp_path, SOURCE, "got int 42")
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(("argument", "value", "expected"), [
    ("out", 42, "out must be a folder path (str or pathlib.Path); got int 42"),
    ("resume", 3.5, "resume must be a folder path"),
    ("quick", "no", "quick must be True or False; got str 'no'"),
    ("quick", 1, "quick must be True or False; got int 1"),
    ("report", "yes", "report must be True or False"),
    ("progress", None, "progress must be True or False"),
    ("force", "no", "force must be True or False"),
    ("scheduler", 5, "scheduler must be an address"),
    ("command", "policysim run", "command must be a list of str"),
])
def test_run_arguments_are_checked_by_type(argument, value, expected, study, tmp_path):
    arguments = {"workers": 1, "out": "run", argument: value}
    refused_by_api(lambda: sim.run("small.toml", **arguments), tmp_path, expected)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(("overrides", "expected"), [
    ([("scenario.goodwill.kappa", 0.5)], "overrides must be a dict of dotted parameter paths to values"),
    ({1: 0.5}, "overrides: every key must be a dotted parameter path (a str)"),
    ({("scenario", "goodwill"): 0.5}, "got the key tuple"),
])
def test_overrides_must_be_a_dict_of_dotted_paths(overrides, expected, study, tmp_path):
    refused_by_api(lambda: sim.load("small.toml", overrides=overrides), tmp_path, expected)


def test_a_dict_with_a_number_for_a_key_is_a_config_error(tmp_path):
    refused_by_api(lambda: sim.load({1: 2}), tmp_path, "<dict>: not an experiment table of TOML values")


def test_a_long_value_is_quoted_short(tmp_path):
    message = refused_by_api(lambda: sim.run({"experiment": {"name": "x" * 5000}}), tmp_path,
                             "experiment.name", "... (5,002 characters)")
    assert len(message) < 300


def test_every_message_is_one_bounded_line(tmp_path):
    """A 5,000-character file name is cut in the middle: the line keeps its start and its end."""
    message = refused_by_api(lambda: sim.load("x" * 5000 + ".toml"), tmp_path)
    assert len(message) <= MESSAGE_LENGTH + 40 and message.endswith(("file not found", ")"))
    assert "characters]..." in message
