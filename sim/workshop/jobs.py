"""Runs of a workshop session: one at a time, in a background thread, simulations in a process pool.

The HTTP server only starts a run and reads its progress, so the page never waits on a
simulation. A click while a run is going is refused with a message (the room sees which run is
still going); finished and failed runs stay in the session's side list. A run can be cancelled,
and is cancelled when it outlives the time limit: a simulation has no point at which it could
stop itself, so its worker processes are killed and the pool is replaced by a fresh one.
"""

from __future__ import annotations

import shutil
import signal
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
from sim.results_folder import ResultsFolder
from sim.runner import Task, TaskResult, run_tasks, tasks
from sim.workshop.reuse import PartCache, task_key

DEFAULT_TIME_LIMIT = 600.0
STORED = "(stored results)"


class Busy(UserError):
    """A run was asked for while another is still going."""


class NotRunning(UserError):
    """A cancel for a run that is not going (finished, failed or already ended)."""


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
    stopped: str = ""
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    replications: int = 0
    replications_in: int = 0
    reused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def label(self) -> str:
        """The run named by what changed: its first change in short, and how many more."""
        if not self.changes:
            return "as in the study"
        if self.changes[0].startswith("("):
            return self.changes[0].strip("()")
        if self.changes[0].startswith("as in"):
            return self.changes[0]
        path, _, values = self.changes[0].partition(" ")
        words = path.split(".")
        where = words[-2] if words[0] == "scenario" else words[0]
        more = f" (+{len(self.changes) - 1} more)" if len(self.changes) > 1 else ""
        return f"{where}: {words[-1].replace('_', ' ')} {values.replace('->', '→')}".strip() + more

    def public(self) -> dict[str, Any]:
        """The run as the page's side list shows it."""
        elapsed = self.seconds if self.seconds is not None else time.monotonic() - self.started
        return {"id": self.id, "study": self.study, "name": self.name, "changes": self.changes,
                "label": self.label, "state": self.state, "done": self.done, "total": self.total, "phase": self.phase,
                "tables": self.tables,
                "error": self.error, "stopped": self.stopped, "seconds": round(elapsed, 1),
                "replications": self.replications, "replications_in": self.replications_in, "reused": self.reused}


class Runner:
    """The session's runs, and the one background thread that may be simulating."""

    def __init__(self, session_dir: Path, workers: int, time_limit: float = DEFAULT_TIME_LIMIT,
                 warm: bool = True, cluster: ExecutorSettings | None = None) -> None:
        self.session_dir = session_dir
        self.workers = workers
        self.time_limit = time_limit
        self.warm = warm
        self._cluster_stack = ExitStack()
        self._cluster = self._open_cluster(cluster)
        self.runs: list[WorkshopRun] = []
        self._lock = threading.Lock()
        self._busy: WorkshopRun | None = None
        self._closed = False
        self._pool = self._new_pool()
        self.parts = PartCache()

    def _open_cluster(self, cluster: ExecutorSettings | None) -> Executor | None:
        """A Dask cluster (--scheduler / --dask-local) that simulates for the whole session, or None.
        The local pool then only draws the reports (a cluster's workers may not see this disk)."""
        if cluster is None:
            return None
        executor, in_flight = self._cluster_stack.enter_context(executor_for(cluster))
        self.workers = in_flight // 2
        return executor

    def _new_pool(self) -> ProcessPoolExecutor:
        """Fresh interpreters (spawned, so no server thread's locks are copied), warmed up unless told not
        to (tests that never simulate); always a pool, even of one, so that every run can be ended."""
        size = 1 if self._cluster is not None else self.workers
        pool = ProcessPoolExecutor(size, mp_context=get_context("spawn"), initializer=_leave_interrupts)
        for _ in range(size if self.warm else 0):
            pool.submit(_warm_up)
        return pool

    def start(self, loaded: LoadedExperiment, study: str, changes: list[str]) -> WorkshopRun:
        """Start a quick-mode run in the background, or refuse (Busy) while one is going."""
        with self._lock:
            if self._busy is not None:
                b = self._busy
                raise Busy(f"Run {b.id} is still going ({b.done} of {b.total} steps done); "
                           f"this click was not queued: wait for it to finish or cancel it, then click again.")
            run_id = len(self.runs) + 1
            name = loaded.config.experiment.name
            run = WorkshopRun(run_id, study, name, changes, self.session_dir / f"run{run_id:02d}-{name}")
            self.runs.append(run)
            self._busy = run
        threading.Thread(target=self._execute, args=(run, loaded), name=f"workshop-run-{run_id}",
                         daemon=True).start()
        return run

    def cancel(self, run: WorkshopRun, reason: str = "cancelled") -> None:
        """End the run now: its worker processes are killed (NotRunning when it is not going)."""
        with self._lock:
            if run is not self._busy:
                raise NotRunning(f"run {run.id} is not going (it is {run.state}); there is nothing to cancel")
            if not run.stopped:
                run.stopped, run.phase = reason, "cancelling"
                _end_workers(self._pool)

    def add_finished(self, folder: Path, study: str, name: str, changes: list[str] | None = None) -> WorkshopRun:
        """Put an existing results folder in the side list, so it can be compared with new runs."""
        with self._lock:
            for run in self.runs:
                if run.folder == folder:
                    return run
            run = WorkshopRun(len(self.runs) + 1, study, name, changes or [STORED], folder,
                              state="done", phase="done", tables=True, seconds=0.0)
            self.runs.append(run)
            return run

    def get(self, run_id: int) -> WorkshopRun | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def close(self) -> None:
        """End the session: the going run is stopped and every worker process killed, without waiting."""
        with self._lock:
            self._closed = True
            if self._busy is not None:
                self._busy.stopped = "server stopped"
            _end_workers(self._pool)
        self._cluster_stack.close()

    def _execute(self, run: WorkshopRun, loaded: LoadedExperiment) -> None:
        """Run and record the outcome; a failure becomes a message for the page, never a hang."""
        run.state = "running"
        limit = threading.Timer(self.time_limit, self._time_out, (run,))
        limit.daemon = True
        limit.start()
        broken = False
        try:
            self._simulate(run, loaded)
            run.state, run.phase = "done", "done"
        except Exception as exc:  # noqa: BLE001 - any failure must reach the page as a message
            broken = isinstance(exc, BrokenProcessPool)
            self._record_failure(run, exc)
        finally:
            limit.cancel()
            run.seconds = time.monotonic() - run.started
            with self._lock:
                if (broken or run.stopped) and not self._closed:
                    _end_workers(self._pool)
                    self._pool = self._new_pool()
                self._busy = None

    def _time_out(self, run: WorkshopRun) -> None:
        """The time limit's timer: cancel the run unless it has just ended."""
        try:
            self.cancel(run, "timed out")
        except NotRunning:
            return

    def _record_failure(self, run: WorkshopRun, exc: Exception) -> None:
        """A cancelled run leaves no half-written folder; any other failure says why."""
        if run.stopped:
            shutil.rmtree(run.folder, ignore_errors=True)  # before the state: the page may look at once
            run.error = {"timed out": f"it ran past the time limit of {self.time_limit:g} s "
                                      f"(policysim workshop --run-timeout)",
                         "cancelled": "ended from the page"}.get(run.stopped, run.stopped)
            run.state, run.phase, run.tables = "cancelled", run.stopped, False
        elif isinstance(exc, UserError):
            run.state, run.error = "failed", str(exc)
        else:
            traceback.print_exception(exc)
            run.state = "failed"
            run.error = (f"The simulation stopped with an internal error ({type(exc).__name__}: {exc}). "
                         f"The terminal running `policysim workshop` shows the details.")

    def _simulate(self, run: WorkshopRun, loaded: LoadedExperiment) -> None:
        """What `policysim run CONFIG --quick` does, with progress kept on the run. Tasks this session
        has simulated before are copied, not rerun; the answer is merged early, after the first whole
        replication and each time the number of whole ones doubles, so the page can show it narrowing."""
        quick = quick_version(loaded)
        meta = quick.config.experiment
        command = ["policysim", "workshop", "--quick", loaded.source]
        folder = ResultsFolder(run.folder, quick, meta.replications, meta.seed, command, quick=True)
        everything = tasks(quick, meta.replications)
        experiments = {p.index: p.experiment for p in quick.points}
        keys = {t: task_key(experiments[t.point], t, meta.seed) for t in everything}
        run.total, run.phase, run.replications = len(everything) + 1, "simulating", meta.replications
        folder.create()
        progress = Progress(everything)
        for task in everything:
            cached = self.parts.get(keys[task])
            if cached is not None:
                folder.adopt(task, cached)
                run.done, run.reused = run.done + 1, run.reused + 1
                progress.finish(task)
        todo = [t for t in everything if t.key not in folder.done()]

        def sink(result: TaskResult) -> None:
            if run.stopped:  # on a Dask cluster, whose workers cannot be killed from here
                raise Stopped(run.stopped)
            folder.add(result)
            run.done += 1
            if progress.finish(result.task) and progress.whole < meta.replications:
                self._merge_early(run, folder, progress)

        if progress.whole and todo:
            self._merge_early(run, folder, progress)
        run_tasks(quick, todo, meta.seed, sink, self._cluster or self._pool, 2 * self.workers)
        for task in everything:
            self.parts.put(keys[task], (folder.parts / f"{task.key}.json.gz").read_bytes())
        with run.lock:
            folder.merge(everything)
            folder.remove_parts()
            folder.write_manifest(complete=True)
            run.replications_in = meta.replications
        run.phase, run.tables = "plots and report", True
        _report(self._pool, run.folder)
        run.done = run.total

    @staticmethod
    def _merge_early(run: WorkshopRun, folder: ResultsFolder, progress: Progress) -> None:
        """Write the tables of the whole replications so far (the manifest still says incomplete)."""
        with run.lock:
            folder.merge(progress.whole_tasks())
            run.replications_in, run.tables = progress.whole, True


class Progress:
    """Which replications are whole (every variant at every point done), counted from the first."""

    def __init__(self, everything: list[Task]) -> None:
        self._everything = everything
        self._left: dict[int, int] = {}
        for task in everything:
            self._left[task.replication] = self._left.get(task.replication, 0) + 1
        self.whole = 0
        self._shown = 0

    def finish(self, task: Task) -> bool:
        """Count a finished task; True when the answer is worth merging again (first whole
        replication, then each doubling)."""
        self._left[task.replication] -= 1
        while self._left.get(self.whole) == 0:
            self.whole += 1
        if self.whole and self.whole >= 2 * self._shown:
            self._shown = self.whole
            return True
        return False

    def whole_tasks(self) -> list[Task]:
        return [t for t in self._everything if t.replication < self.whole]


class Stopped(Exception):
    """A run cancelled while its tasks were out on a cluster."""


def _report(pool: ProcessPoolExecutor, folder: Path) -> None:
    """Plots and report.html in a worker process (matplotlib stays out of the server, and a cancel reaches it);
    PNG only, as the page shows (`policysim report` on the folder adds the SVGs)."""
    from sim.report import write_report

    pool.submit(write_report, folder, False, False).result()


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes and let it go: shutdown alone would wait for a simulation to end."""
    for process in list((pool._processes or {}).values()):  # noqa: SLF001 - no public handle before Python 3.14
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _leave_interrupts() -> None:
    """Workers ignore Ctrl+C (the terminal sends it to them too): the server ends them itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm_up() -> None:
    """Import the model and the report in a worker before the first click needs them."""
    import sim.report  # noqa: F401
    import sim.runner  # noqa: F401
