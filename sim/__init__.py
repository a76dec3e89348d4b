"""policysim: a discrete-event simulator of pricing and retention policies."""

__version__ = "0.1.0"
