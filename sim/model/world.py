"""The world of one replication: a market (sim.model.market) and the firms in it (sim.model.firm).

`simulate(spec)` builds the World for one variant (our levers) in one scenario (the households and
the rivals), runs it on SimPy to the horizon and returns plain records of our firm, with the
market's (rivals, flows, shares) beside them when there are rivals. Random streams come from
sim.rng keyed by replication, household and firm, never by variant: every variant of a
replication meets the same households and the same rivals' arrivals.
"""

from __future__ import annotations

import dataclasses

from sim.model.books import RunRecords
from sim.model.firm import Firm
from sim.model.gc_pause import paused_gc
from sim.model.market import Market
from sim.model.prehistory import admit_steady_base
from sim.model.spec import RunSpec

__all__ = ["RunRecords", "RunSpec", "World", "simulate"]



class World:
    """One replication: the market, its clock, and our firm in it."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.market = Market(spec)
        self.env = self.market.env
        self.ours: Firm = self.market.ours

    def start(self) -> None:
        """Day 0: our business and the market start; rivals open on their days. A running business
        at day 0 comes from a pre-history, a World of its own (so the world hands it down)."""
        self.market.start(lambda firm: admit_steady_base(firm, World))

    def run(self) -> RunRecords:
        """Start, run to the horizon, and close the books."""
        with paused_gc():
            self.start()
            self.env.run(until=self.spec.horizon_days)
            return self.finish()

    def finish(self) -> RunRecords:
        """Our firm's records, with the market's beside them (None for a business alone)."""
        ours = self.ours.finish()
        return dataclasses.replace(ours, market=self.market.records())


def simulate(spec: RunSpec) -> RunRecords:
    """One replication of one variant."""
    return World(spec).run()
