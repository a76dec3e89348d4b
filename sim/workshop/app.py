"""The workshop's requests and answers, apart from HTTP: studies, checks, runs, results and exports."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import LoadedExperiment, load_experiment
from sim.config.quick import quick_version
from sim.errors import UserError
from sim.workshop.jobs import Runner, WorkshopRun
from sim.workshop.paths import Refused, Roots
from sim.workshop.study import edited, open_study, study_ref
from sim.workshop.views import against_previous, monthly_series, read, run_result

MAX_LISTED_RESULTS = 40


class NotFound(UserError):
    """A run or file the page asked for does not exist."""


@dataclass
class Workshop:
    """One session: the folders it may read, its runs, and the study to show first."""

    roots: Roots
    runner: Runner
    initial: str | None = None

    def studies(self) -> dict[str, Any]:
        """Experiment files under configs/ and stored results folders, newest first.

        An entry that cannot be listed (a symlink out of its folder, an unreadable manifest) is
        left out and named on the terminal: one bad file must not hide the others."""
        configs = _listed(self._config_entry, sorted(self.roots.configs.glob("*.toml")))
        manifests = sorted(self.roots.results.glob("*/*/manifest.json"), key=_mtime, reverse=True)
        folders = [m.parent for m in manifests[:MAX_LISTED_RESULTS]
                   if (m.parent / "summary.csv").is_file() and (m.parent / "config.toml").is_file()]
        return {"configs": configs, "results": _listed(self._results_entry, folders), "initial": self.initial}

    def study(self, ref: str) -> dict[str, Any]:
        """The form for a study, and the run whose answer the page opens on (`last_run`): the study's
        last finished run this session, else its newest stored results of the same levers. A results
        folder opened as the study joins the side list as a finished run."""
        study = open_study(self.roots, ref)
        path = self.roots.resolve(ref)
        name = study.config.experiment.name
        if path.is_dir() and (path / "summary.csv").is_file():
            return {**study.view(), "last_run": self.runner.add_finished(path, ref, name).id}
        ours = [r for r in self.runner.runs if r.study == ref and r.state == "done"]
        if ours:
            return {**study.view(), "last_run": ours[-1].id}
        stored = self._stored_answer(study.loaded)
        last = self.runner.add_finished(stored, ref, name, ["as in the study (stored results)"]) if stored else None
        return {**study.view(), "last_run": last.id if last else None}

    def _stored_answer(self, loaded: LoadedExperiment) -> Path | None:
        """The newest complete results folder (a run's or an earlier workshop's) of exactly these levers."""
        hashes = {loaded.config_hash, quick_version(loaded).config_hash}
        results = self.roots.results
        manifests = [*results.glob("*/*/manifest.json"), *results.glob("workshop/*/*/manifest.json")]
        for manifest in sorted(manifests, key=_mtime, reverse=True)[:4 * MAX_LISTED_RESULTS]:
            try:
                meta = json.loads(manifest.read_text(encoding="utf-8"))
                self.roots.ref(manifest.parent)
            except (Refused, OSError, ValueError):
                continue
            if (isinstance(meta, dict) and meta.get("complete") and meta.get("config_hash") in hashes
                    and (manifest.parent / "summary.csv").is_file()):
                return manifest.parent
        return None

    def compare(self, first: int, second: int) -> dict[str, Any]:
        """The tiles of each option that moved between two finished runs (the later against the earlier)."""
        a, b = sorted((self._run(first), self._run(second)), key=lambda r: r.id)
        if not (a.tables and b.tables):
            raise NotFound("both runs need results to be compared")
        return {"html": against_previous(read(b), a, read(a)), "a": a.public(), "b": b.public()}

    def check(self, body: dict[str, Any]) -> dict[str, Any]:
        """Validate the submitted levers without running (Invalid carries messages by field)."""
        _, changes = edited(open_study(self.roots, study_ref(body)), body)
        return {"ok": True, "changes": changes}

    def run(self, body: dict[str, Any]) -> dict[str, Any]:
        """Start a quick-mode run of the edited study (Invalid or Busy when it cannot)."""
        ref = study_ref(body)
        loaded, changes = edited(open_study(self.roots, ref), body)
        return self.runner.start(loaded, ref, changes).public()

    def cancel(self, run_id: int) -> dict[str, Any]:
        """End a going run (NotRunning when it is not going); the side list then shows it as cancelled."""
        run = self._run(run_id)
        self.runner.cancel(run)
        return run.public()

    def runs(self) -> list[dict[str, Any]]:
        return [r.public() for r in self.runner.runs]

    def result(self, run_id: int) -> dict[str, Any]:
        """A run's answer and tables (with tiles against the study's previous finished run), or its state."""
        run = self._run(run_id)
        if not run.tables:
            return run.public()
        earlier = [r for r in self.runner.runs if r.id < run.id and r.study == run.study and r.state == "done"]
        return run_result(run, self.roots, earlier[-1] if earlier else None)

    def series(self, run_id: int) -> dict[str, Any]:
        """A finished run's monthly means by variant, for the page's overlay of two runs."""
        run = self._run(run_id)
        if not run.tables:
            raise NotFound(f"run {run_id} has no results yet (state: {run.state})")
        return monthly_series(run)

    def export(self, run_id: int, name: str) -> tuple[Path, str]:
        """The file to download (report.html or config.toml) and the name to save it under."""
        run = self._run(run_id)
        path = run.folder / name
        if run.state != "done" or not path.is_file():
            raise NotFound(f"run {run_id} has no {name} (state: {run.state})")
        return path, f"{run.name}-run{run.id}-{name}"

    def _run(self, run_id: int) -> WorkshopRun:
        run = self.runner.get(run_id)
        if run is None:
            raise NotFound(f"no run {run_id} in this session")
        return run

    def _config_entry(self, path: Path) -> dict[str, Any]:
        entry = {"ref": self.roots.ref(path), "name": path.stem, "description": ""}
        try:
            meta = load_experiment(path).config.experiment
            entry.update(name=meta.name, description=meta.description)
        except UserError as exc:
            entry["error"] = str(exc)
        return entry

    def _results_entry(self, folder: Path) -> dict[str, Any]:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return {"ref": self.roots.ref(folder), "name": f"{manifest.get('experiment')} / {folder.name}",
                "quick": bool(manifest.get("quick"))}


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # a dangling symlink: _listed names it


def _listed(entry: Callable[[Path], dict[str, Any]], paths: list[Path]) -> list[dict[str, Any]]:
    """The entries of the paths that can be listed; each one that cannot is named on stderr."""
    entries = []
    for path in paths:
        try:
            entries.append(entry(path))
        except (Refused, OSError, ValueError) as exc:
            print(f"workshop: not listing {path}: {exc}", file=sys.stderr)
    return entries
