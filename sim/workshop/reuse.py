"""Replications a workshop session has already simulated, kept so a rerun recomputes only what changed.

A task's numbers depend only on what its RunSpec is built from (the scenario, its variant's levers,
the root seed, the replication, the horizon, the warm-up and the study's change window), because
every variant of a replication draws the same streams (common random numbers). So two tasks with the
same inputs give the same part file to the byte, and a rerun after one variant's fee changed can copy
the other variants' parts from the earlier run instead of simulating them again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict

from sim.config import Experiment
from sim.runner import Task, change_window

MAX_PARTS = 4000  # the oldest are forgotten first: a session of many runs keeps its memory bounded


def task_key(experiment: Experiment, task: Task, seed: int) -> str:
    """A digest of everything the task's simulation reads (sim.runner.execute builds its RunSpec from it)."""
    meta = experiment.experiment
    inputs = {"scenario": experiment.scenario.model_dump(mode="json"),
              "variant": experiment.variants[task.variant].model_dump(mode="json", exclude={"description"}),
              "name": task.variant, "seed": seed, "replication": task.replication,
              "horizon_days": meta.horizon_days, "warmup_days": meta.warmup_days,
              "change_window": change_window(experiment)}
    text = json.dumps(inputs, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PartCache:
    """Part files (gzipped JSON, as sim.results_folder writes them) by task key, at most MAX_PARTS of them."""

    def __init__(self, limit: int = MAX_PARTS) -> None:
        self._parts: OrderedDict[str, bytes] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            data = self._parts.get(key)
            if data is not None:
                self._parts.move_to_end(key)
            return data

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            self._parts[key] = data
            self._parts.move_to_end(key)
            while len(self._parts) > self._limit:
                self._parts.popitem(last=False)
