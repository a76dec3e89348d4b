"""Titles with Zipf popularity and the copies the business owns, wherever they are.

A copy is on the shelf (store or warehouse), at a customer's home, or in the mail; the three add
up to the copies owned for every title at every moment.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from sim.config.scenario import Catalogue as CatalogueConfig


class Catalogue:
    """Copy locations per title and popularity-weighted title picks."""

    __slots__ = ("cumulative", "owned", "shelf", "home", "mail")

    def __init__(self, cfg: CatalogueConfig, copies_total: float) -> None:
        ranks = np.arange(1, cfg.titles + 1, dtype=float)
        weights = ranks ** -cfg.zipf_exponent
        popularity = weights / weights.sum()
        self.cumulative: list[float] = np.cumsum(popularity).tolist()
        self.cumulative[-1] = 1.0
        copies = np.maximum(cfg.min_copies, np.rint(copies_total * popularity)).astype(int)
        self.owned: list[int] = copies.tolist()
        self.shelf: list[int] = copies.tolist()
        self.home: list[int] = [0] * cfg.titles
        self.mail: list[int] = [0] * cfg.titles

    @property
    def copies_owned(self) -> int:
        return sum(self.owned)

    @property
    def copies_out(self) -> int:
        """Copies at customers' homes (what Little's law counts)."""
        return sum(self.home)

    def pick(self, u: float) -> int:
        """The title a customer wants, given a uniform draw u in [0, 1)."""
        return bisect_right(self.cumulative, u)

    def available(self, title: int) -> bool:
        return self.shelf[title] > 0

    def check_out(self, title: int) -> None:
        """Shelf -> home (store rental)."""
        self.shelf[title] -= 1
        self.home[title] += 1

    def check_in(self, title: int) -> None:
        """Home -> shelf (store return)."""
        self.home[title] -= 1
        self.shelf[title] += 1

    def ship(self, title: int) -> None:
        """Shelf -> mail (outbound shipment)."""
        self.shelf[title] -= 1
        self.mail[title] += 1

    def deliver(self, title: int) -> None:
        """Mail -> home."""
        self.mail[title] -= 1
        self.home[title] += 1

    def post_back(self, title: int) -> None:
        """Home -> mail (the customer mails it back)."""
        self.home[title] -= 1
        self.mail[title] += 1

    def receive(self, title: int) -> None:
        """Mail -> shelf."""
        self.mail[title] -= 1
        self.shelf[title] += 1

    def sell(self, title: int) -> None:
        """A copy at home becomes the customer's: the business owns one fewer."""
        self.home[title] -= 1
        self.owned[title] -= 1

    def buy_back(self, title: int) -> None:
        """A sold copy returned for credit goes back on the shelf."""
        self.owned[title] += 1
        self.shelf[title] += 1

    def add_copies(self, title: int, n: int) -> None:
        """Copies bought later (e.g. a fix that adds stock of wanted titles)."""
        self.owned[title] += n
        self.shelf[title] += n

    def consistent(self) -> bool:
        """Shelf + home + mail = owned, and nothing negative, for every title."""
        return all(
            s + h + m == o and min(s, h, m) >= 0
            for s, h, m, o in zip(self.shelf, self.home, self.mail, self.owned)
        )
