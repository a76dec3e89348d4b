"""Where a validation case's independent pieces run: on the command's executor, or in turn here.

A case hands its replications (and any other piece that needs no other) to `Work.map` or
`Work.submit` and combines the results in the order it asked for them, so its table lines are
the same whatever the executor. The functions handed over are module-level, so a process pool or
a Dask cluster can pickle them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from typing import Any

from tqdm import tqdm

from sim.calibration.posterior import Posterior, with_set
from sim.config import Experiment


class Work:
    """An executor (None: this process, in turn) and the progress bar that counts its pieces; and
    the behaviour the cases of documented behaviour run with: their defaults, or a set drawn per
    replication from a posterior (`policysim validate --posterior behaviour`)."""

    def __init__(self, executor: Executor | None = None, bar: tqdm | None = None,
                 behaviour: Posterior | None = None) -> None:
        self.executor = executor
        self.bar = bar
        self.behaviour = behaviour

    def configs(self, cfg: Experiment, replications: int) -> list[Experiment]:
        """A documented case's study for each replication: with the set the replication draws from
        the behaviour's posterior (as `policysim run --posterior` draws it), or as it is."""
        post = self.behaviour
        if post is None:
            return [cfg] * replications
        return [with_set(cfg, post, post.draw(cfg.experiment.seed, r)) for r in range(replications)]

    def behaviour_note(self) -> str:
        """What the case's figures were run with, for its line's explanation."""
        return "" if self.behaviour is None else f"; behaviour drawn from {self.behaviour.count} fitted sets"

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        if self.bar is not None:
            self.bar.total += 1
            self.bar.refresh()
        if self.executor is None:
            future: Future = Future()
            future.set_result(fn(*args))
            self._done(future)
            return future
        future = self.executor.submit(fn, *args)
        future.add_done_callback(self._done)
        return future

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> list[Any]:
        """fn over the zipped arguments, all submitted before any is waited for; results in order."""
        futures = [self.submit(fn, *args) for args in zip(*iterables)]
        return [f.result() for f in futures]

    def _done(self, _future: Future) -> None:
        if self.bar is not None:
            self.bar.update(1)


SERIAL = Work()
