"""policysim: a discrete-event simulator of pricing and retention policies.

The Python API (for notebooks and scripts; `policysim run` is a thin layer over it):

    import sim
    study = sim.load("configs/blockbuster_vs_netflix.toml")     # or a dict, with overrides=...
    results = sim.run(study, quick=True, workers=2)
    results.summary                   # tables as lists of records; results.to_pandas("summary")
    results.figure("forest")          # plots as matplotlib figures

Bad input raises sim.ConfigError, whose message is the command line's one line.
"""

from sim.api import Interrupted, RunResults, load, run  # cheap: sim.api imports the simulator lazily
from sim.errors import ConfigError

__version__ = "0.1.0"

__all__ = ["ConfigError", "Interrupted", "RunResults", "load", "run", "__version__"]
