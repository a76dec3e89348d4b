"""One replication of the business on SimPy. Knows nothing of files, plots or runners."""

from sim.model.world import RunRecords, simulate

__all__ = ["RunRecords", "simulate"]
