"""Where tasks run: this process, a local process pool, or a Dask cluster (optional extra).

Each is a concurrent.futures Executor, so the runner treats them alike, and results are merged in
canonical order, so the bytes written do not depend on the executor or its size.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from sim.errors import UserError


@contextmanager
def executor_for(workers: int, scheduler: str | None = None, dask_local: int | None = None
                 ) -> Iterator[tuple[Executor | None, int]]:
    """(executor, tasks to keep in flight); (None, 1) runs serially in this process."""
    if scheduler or dask_local:
        with _dask(scheduler, dask_local) as pair:
            yield pair
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool, 2 * workers
    else:
        yield None, 1


@contextmanager
def _dask(scheduler: str | None, local_workers: int | None) -> Iterator[tuple[Executor, int]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError("Dask is not installed: pip install 'policysim[distributed]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        cluster = None
    else:
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
