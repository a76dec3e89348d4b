"""Runs of a workshop session: one at a time, in a background thread, simulations in a process pool.

The HTTP server only starts a run and reads its progress, so the page never waits on a
simulation. A click while a run is going is refused with a message (the room sees which run is
still going); finished and failed runs stay in the session's side list.
"""

from __future__ import annotations

import threading
import time
import traceback
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sim.config import LoadedExperiment
from sim.config.quick import quick_version
from sim.errors import UserError
from sim.executors import ExecutorSettings, executor_for
from sim.runner import TaskResult, run_tasks, tasks
from sim.store import ResultsFolder


class Busy(UserError):
    """A run was asked for while another is still going."""


@dataclass
class WorkshopRun:
    """One run of the session: what was asked, where it writes, and how far it got."""

    id: int
    study: str
    name: str
    changes: list[str]
    folder: Path
    state: str = "queued"
    done: int = 0
    total: int = 0
    phase: str = "starting"
    tables: bool = False
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None

    def public(self) -> dict[str, Any]:
        """The run as the page's side list shows it."""
        elapsed = self.seconds if self.seconds is not None else time.monotonic() - self.started
        return {"id": self.id, "study": self.study, "name": self.name, "changes": self.changes,
                "state": self.state, "done": self.done, "total": self.total, "phase": self.phase, "tables": self.tables,
                "error": self.error, "seconds": round(elapsed, 1)}


class Runner:
    """The session's runs, and the one background thread that may be simulating."""

    def __init__(self, session_dir: Path, workers: int, cluster: ExecutorSettings | None = None) -> None:
        self.session_dir = session_dir
        self.workers = workers
        self.cluster = cluster  # a Dask cluster (--scheduler / --dask-local), kept open for the session
        self._cluster_stack = ExitStack()
        self.runs: list[WorkshopRun] = []
        self._lock = threading.Lock()
        self._busy: WorkshopRun | None = None
        self._pool = self._new_pool()

    def _new_pool(self) -> Executor | None:
        """A pool of fresh interpreters (spawned, so no server thread's locks are copied), warmed up."""
        if self.cluster is not None:
            executor, in_flight = self._cluster_stack.enter_context(executor_for(self.cluster))
            self.workers = in_flight // 2
            return executor
        if self.workers < 2:
            return None
        pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        for _ in range(self.workers):
            pool.submit(_warm_up)
        return pool

    def start(self, loaded: LoadedExperiment, study: str, changes: list[str]) -> WorkshopRun:
        """Start a quick-mode run in the background, or refuse (Busy) while one is going."""
        with self._lock:
            if self._busy is not None:
                b = self._busy
                raise Busy(f"Run {b.id} is still going ({b.done} of {b.total} steps done); "
                           f"this click was not queued: wait for it to finish, then click again.")
            run_id = len(self.runs) + 1
            name = loaded.config.experiment.name
            run = WorkshopRun(run_id, study, name, changes, self.session_dir / f"run{run_id:02d}-{name}")
            self.runs.append(run)
            self._busy = run
        threading.Thread(target=self._execute, args=(run, loaded), name=f"workshop-run-{run_id}",
                         daemon=True).start()
        return run

    def add_finished(self, folder: Path, study: str, name: str) -> WorkshopRun:
        """Put an existing results folder in the side list, so it can be compared with new runs."""
        with self._lock:
            for run in self.runs:
                if run.folder == folder:
                    return run
            run = WorkshopRun(len(self.runs) + 1, study, name, ["(stored results)"], folder,
                              state="done", phase="done", tables=True, seconds=0.0)
            self.runs.append(run)
            return run

    def get(self, run_id: int) -> WorkshopRun | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._cluster_stack.close()

    def _execute(self, run: WorkshopRun, loaded: LoadedExperiment) -> None:
        """Run and record the outcome; a failure becomes a message for the page, never a hang."""
        run.state = "running"
        try:
            self._simulate(run, loaded)
            run.state, run.phase = "done", "done"
        except UserError as exc:
            run.state, run.error = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the page as a message
            traceback.print_exc()
            run.state = "failed"
            run.error = (f"The simulation stopped with an internal error ({type(exc).__name__}: {exc}). "
                         f"The terminal running `policysim workshop` shows the details.")
            if isinstance(exc, BrokenProcessPool):
                self._pool = self._new_pool()
        finally:
            run.seconds = time.monotonic() - run.started
            with self._lock:
                self._busy = None

    def _simulate(self, run: WorkshopRun, loaded: LoadedExperiment) -> None:
        """What `policysim run CONFIG --quick` does, with progress kept on the run."""
        quick = quick_version(loaded)
        meta = quick.config.experiment
        command = ["policysim", "workshop", "--quick", loaded.source]
        folder = ResultsFolder(run.folder, quick, meta.replications, meta.seed, command, quick=True)
        everything = tasks(quick, meta.replications)
        run.total, run.phase = len(everything) + 1, "simulating"
        folder.create()

        def sink(result: TaskResult) -> None:
            folder.add(result)
            run.done += 1

        run_tasks(quick, everything, meta.seed, sink, self._pool, 2 * self.workers)
        folder.merge(everything)
        folder.remove_parts()
        folder.write_manifest(complete=True)
        run.phase, run.tables = "plots and report", True
        _report(None if self.cluster else self._pool, run.folder)  # a cluster's workers may not see this disk
        run.done = run.total


def _report(pool: Executor | None, folder: Path) -> None:
    """Plots and report.html, in a worker process when there is a pool (matplotlib stays out of the server)."""
    from sim.report import write_report

    if pool is None:
        write_report(folder)
    else:
        pool.submit(write_report, folder).result()


def _warm_up() -> None:
    """Import the model and the report in a worker before the first click needs them."""
    import sim.report  # noqa: F401
    import sim.runner  # noqa: F401
