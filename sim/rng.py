"""The only place that makes random generators.

Every stream is keyed by (root seed, replication, stream name, optional integer key such as a
customer id) and never by variant, so all variants of one replication see the same customers
and the same marketing arrivals: common random numbers. A change of lever changes only the draws
that the lever itself consumes.

A namespace keeps whole families of streams apart: a pre-history run (sim.model.prehistory) draws
from "policysim/prehistory/<seed>/<replication>/...", which no main-run key can spell, because a
main run's prefix goes straight on with the (numeric) root seed.

A stream's PCG64 state is a BLAKE2b hash of its key. A large run makes a million streams (a few
per customer), and numpy's SeedSequence costs 8 microseconds each where hashing the key costs 1.6;
a cryptographic hash of distinct keys gives independent-looking states, which is all a seed needs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence

__all__ = ["Streams", "generator"]


class KeySeed(ISeedSequence):
    """Seed material for one stream: the hash of its key, as many words as the bit generator asks."""

    __slots__ = ("key",)

    def __init__(self, key: bytes) -> None:
        self.key = key

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        size = n_words * np.dtype(dtype).itemsize
        return np.frombuffer(hashlib.blake2b(self.key, digest_size=size).digest(), dtype=dtype)


class Streams:
    """Factory of independent numpy Generators for one replication."""

    __slots__ = ("prefix",)

    def __init__(self, root_seed: int, replication: int, namespace: str = "") -> None:
        if namespace and not namespace.isidentifier():
            raise ValueError(f"stream namespace must be a word, got {namespace!r}")
        space = namespace + "/" if namespace else ""
        self.prefix = f"policysim/{space}{int(root_seed)}/{int(replication)}/"

    def stream(self, name: str, *key: int) -> np.random.Generator:
        """A fresh generator for `name` (and an optional integer key, e.g. a customer id)."""
        text = self.prefix + name + "/" + "/".join(map(str, map(int, key)))
        seed = KeySeed(text.encode())  # numpy takes any ISeedSequence; its stubs name SeedSequence alone
        return np.random.Generator(np.random.PCG64(seed))  # type: ignore[arg-type]


def generator(seed: int) -> np.random.Generator:
    """A standalone generator for code outside a replication (fits, tests, designs)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed))))
