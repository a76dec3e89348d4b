"""Where tasks run: this process, a local process pool, or a Dask cluster (optional extra).

Each is a concurrent.futures Executor, so the runner treats them alike, and results are merged in
canonical order, so the bytes written do not depend on the executor or its size. The settings are
checked before a command writes anything: a bad count or an unreachable scheduler is a UserError.
"""

from __future__ import annotations

import importlib.util
import os
import socket
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from tqdm import tqdm

from sim.errors import UserError

PROBE_SECONDS = 5.0
# A local cluster has no dashboard, so its workers need not sample their task's stack every 10 ms,
# wake their event loop every 20 ms or read their memory every 100 ms: under the GIL, that took
# 4-7% of a worker's time from the runs. Nor has its scheduler anything to steal: the runner keeps
# two tasks per worker in flight and tops them up as results come, so stealing's rebalancing every
# 100 ms only wakes the parent on cores the workers need (3% of the wall time, measured over a
# Morris design). A scheduler of the user's own keeps the user's settings.
QUIET_LOCAL_CLUSTER = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                       "distributed.worker.memory.monitor-interval": "1s",
                       "distributed.admin.system-monitor.interval": "2s",
                       "distributed.scheduler.work-stealing": False}


@dataclass(frozen=True)
class ExecutorSettings:
    """Local processes (`workers`; 1 runs in this process), a Dask scheduler's address, or a local Dask cluster."""

    workers: int = 1
    scheduler: str | None = None
    dask_local: int | None = None

    @property
    def dask(self) -> bool:
        return bool(self.scheduler or self.dask_local)


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, which a batch system or container may narrow)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def checked_settings(workers: int | None, scheduler: str | None, dask_local: int | None) -> ExecutorSettings:
    """Settings from the flags (None: not given), or a UserError naming the flag that is wrong."""
    given = [flag for flag, value in (("--workers", workers), ("--scheduler", scheduler),
                                      ("--dask-local", dask_local)) if value is not None]
    if len(given) > 1:
        raise UserError(f"give one of --workers, --scheduler and --dask-local, not {' and '.join(given)}")
    for flag, value in (("--workers", workers), ("--dask-local", dask_local)):
        if value is not None and value < 1:
            raise UserError(f"{flag} must be at least 1 (got {value})")
    if scheduler is not None or dask_local is not None:
        _require_dask()
    if scheduler is not None:
        _probe(scheduler)
    return ExecutorSettings(workers or default_workers(), scheduler, dask_local)


def _require_dask() -> None:
    if importlib.util.find_spec("distributed") is None:
        raise UserError("Dask is not installed: pip install 'policysim[distributed]'")


def _probe(address: str) -> None:
    """Open and close a TCP connection to the scheduler, so a wrong address fails before any output."""
    parts = urlsplit(address)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme not in ("tcp", "tls") or not host or not port:
        raise UserError(f"--scheduler must look like tcp://HOST:PORT (got {address!r})")
    try:
        socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise UserError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


@contextmanager
def executor_for(settings: ExecutorSettings) -> Iterator[tuple[Executor | None, int]]:
    """(executor, tasks to keep in flight); (None, 1) runs serially in this process."""
    if settings.dask:
        with _dask(settings.scheduler, settings.dask_local) as pair:
            yield pair
    elif settings.workers > 1:
        with ProcessPoolExecutor(max_workers=settings.workers) as pool:
            pool.submit(int).result()  # forks every worker now, before the command starts threads of its own
            yield pool, 2 * settings.workers
    else:
        yield None, 1


def progress_bar(desc: str, total: int = 0) -> tqdm:
    """One bar of runs done and time left, on stderr when that is a terminal (never into a pipe or log)."""
    return tqdm(total=total, desc=desc, unit="run", disable=None, dynamic_ncols=True)


@contextmanager
def _dask(scheduler: str | None, local_workers: int | None) -> Iterator[tuple[Executor, int]]:
    _require_dask()
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        cluster = None
    else:
        with dask.config.set(QUIET_LOCAL_CLUSTER):  # read by the scheduler; the nannies hand it on to their workers
            cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
    try:
        cores = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), 2 * cores
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
