"""The page opens on the study's last answer: this session's last finished run of it, else the newest
stored results of exactly its levers (never those of other levers)."""

from __future__ import annotations

import json
from pathlib import Path

from sim.config import load_experiment
from sim.config.quick import quick_version
from sim.workshop.app import Workshop
from sim.workshop.jobs import Runner
from sim.workshop.paths import Roots
from tests.helpers.configs import SMALL


def _stored(results: Path, name: str, config_hash: str, complete: bool = True) -> Path:
    folder = results / "small" / name
    folder.mkdir(parents=True)
    manifest = {"experiment": "small", "config_hash": config_hash, "complete": complete}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "summary.csv").write_text("variant,kpi,mean\n", encoding="utf-8")
    return folder


def test_the_study_opens_on_its_stored_answer_of_the_same_levers(tmp_path: Path) -> None:
    configs, results = tmp_path / "configs", tmp_path / "results"
    configs.mkdir()
    (configs / "small.toml").write_text(SMALL, encoding="utf-8")
    quick_hash = quick_version(load_experiment(configs / "small.toml")).config_hash
    other = _stored(results, "other-levers", "0" * 64)
    unfinished = _stored(results, "unfinished", quick_hash, complete=False)
    same = _stored(results, "same-levers", quick_hash)
    app = Workshop(Roots(configs, results), Runner(results / "workshop" / "s", 1, warm=False))
    try:
        view = app.study("configs/small.toml")
        run = app.runner.get(view["last_run"])
        assert run is not None and run.folder.resolve() == same.resolve()
        assert run.label == "as in the study (stored results)"
        folders = [r.folder for r in app.runner.runs]
        assert other not in folders and unfinished not in folders
        assert app.study("configs/small.toml")["last_run"] == run.id  # opened again: the same run, not a second
    finally:
        app.runner.close()


def test_a_study_without_results_opens_on_its_form(tmp_path: Path) -> None:
    configs, results = tmp_path / "configs", tmp_path / "results"
    configs.mkdir()
    (configs / "small.toml").write_text(SMALL, encoding="utf-8")
    app = Workshop(Roots(configs, results), Runner(results / "workshop" / "s", 1, warm=False))
    try:
        assert app.study("configs/small.toml")["last_run"] is None
    finally:
        app.runner.close()
