"""The only place that makes random generators.

Every stream is keyed by (root seed, replication, stream name, optional integer key such as a
customer id) and never by variant, so all variants of one replication see the same customers
and the same marketing arrivals: common random numbers. A change of lever changes only the draws
that the lever itself consumes.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["Streams", "generator", "stream_key"]


def stream_key(name: str) -> int:
    """A stable 32-bit integer for a stream name (independent of PYTHONHASHSEED)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of independent numpy Generators for one replication."""

    __slots__ = ("root_seed", "replication")

    def __init__(self, root_seed: int, replication: int) -> None:
        self.root_seed = int(root_seed)
        self.replication = int(replication)

    def stream(self, name: str, *key: int) -> np.random.Generator:
        """A fresh generator for `name` (and an optional integer key, e.g. a customer id)."""
        seq = np.random.SeedSequence(
            entropy=self.root_seed,
            spawn_key=(self.replication, stream_key(name), *(int(k) for k in key)),
        )
        return np.random.Generator(np.random.PCG64(seq))


def generator(seed: int) -> np.random.Generator:
    """A standalone generator for code outside a replication (fits, tests, designs)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed))))
