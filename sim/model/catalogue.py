"""Titles with Zipf popularity and the copies the business owns, wherever they are.

A copy is on the shelf (store or warehouse), at a customer's home, or in the mail; the three add
up to the copies owned for every title at every moment.

Most store rentals come back on a day known when they go out, and nothing else happens then (no
fee, no sale): such a copy is lent "until" that day and needs no return event. Its title keeps the
due days in a small heap, and the copy is back on the shelf as soon as anyone looks (a request
finding the shelf empty, a count of copies out). A large run has a return for every rental, so
this saves a third of its events and changes no outcome.
"""

from __future__ import annotations

from bisect import bisect_right
from heapq import heappop, heappush

import numpy as np

from sim.config.scenario import CatalogueConfig


def zipf_popularity(titles: int, exponent: float, ranks_per_title: float = 1.0) -> np.ndarray:
    """Each title's share of demand: Zipf weights j^-s of the popularity ranks it stands for.

    A title of a miniature catalogue stands for several ranks of the full one (quick mode: four),
    so its demand and copies are those of a typical full title around its rank; a Zipf law over
    fewer titles would crowd the demand onto titles with fewer copies and add stockouts. Ranks
    are spread evenly (a title may take part of a rank's weight).
    """
    if ranks_per_title == 1.0:  # the rank weights themselves, to the last bit
        weights = np.arange(1, titles + 1, dtype=float) ** -exponent
    else:
        edges = np.arange(titles + 1) * ranks_per_title
        whole = np.floor(edges).astype(int)
        rank_weights = np.arange(1, whole[-1] + 2, dtype=float) ** -exponent
        cumulative = np.concatenate(([0.0], np.cumsum(rank_weights)))
        weights = np.diff(cumulative[whole] + (edges - whole) * rank_weights[whole])
    return weights / weights.sum()


class Catalogue:
    """Copy locations per title and popularity-weighted title picks."""

    __slots__ = ("cumulative", "guide", "owned", "shelf", "home", "mail", "due")

    def __init__(self, cfg: CatalogueConfig, copies_total: float) -> None:
        popularity = zipf_popularity(cfg.titles, cfg.zipf_exponent, cfg.ranks_per_title)
        self.cumulative: list[float] = np.cumsum(popularity).tolist()
        self.cumulative[-1] = 1.0
        # guide[j]: the first title a draw u >= j / titles can pick (Chen and Asau's guide table)
        self.guide = [bisect_right(self.cumulative, j / cfg.titles) for j in range(cfg.titles)]
        copies = np.maximum(cfg.min_copies, np.rint(copies_total * popularity)).astype(int)
        self.owned: list[int] = copies.tolist()
        self.shelf: list[int] = copies.tolist()
        self.home: list[int] = [0] * cfg.titles
        self.mail: list[int] = [0] * cfg.titles
        self.due: dict[int, list[float]] = {}  # title -> heap of days its lent copies come back

    @property
    def copies_owned(self) -> int:
        return sum(self.owned)

    def copies_out(self, day: float) -> int:
        """Copies at customers' homes on `day` (what Little's law counts)."""
        self.back_by(day)
        return sum(self.home)

    def back_by(self, day: float) -> None:
        """Every lent copy due by `day` back on the shelf."""
        for title in list(self.due):
            self.come_back(title, day)

    def pick(self, u: float) -> int:
        """The title a customer wants, given a uniform draw u in [0, 1): the first title whose
        cumulative popularity exceeds u. The guide table starts the search a step or two short
        of it (a bisection of fifty thousand titles would touch sixteen cold places)."""
        cumulative = self.cumulative
        title = self.guide[int(u * len(cumulative))]
        while cumulative[title] <= u:
            title += 1
        return title

    def available(self, title: int, day: float) -> bool:
        """Is a copy on the shelf on `day`? (Lent copies due by then are back.)"""
        return self.shelf[title] > 0 or (title in self.due and self.come_back(title, day))

    def lend(self, title: int, until: float) -> None:
        """Shelf -> home until a known day, when it is back with no event (see the module doc)."""
        self.shelf[title] -= 1  # check_out written out: most rentals pass here
        self.home[title] += 1
        due = self.due.get(title)
        if due is None:
            self.due[title] = [until]
        else:
            heappush(due, until)

    def come_back(self, title: int, day: float) -> bool:
        """Lent copies of `title` due by `day` back on the shelf; True if any came back."""
        due = self.due[title]
        back = 0
        while due and due[0] <= day:
            heappop(due)
            back += 1
        if not due:
            del self.due[title]
        self.home[title] -= back
        self.shelf[title] += back
        return back > 0

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

    def buy(self, n: int) -> None:
        """`n` copies more, spread over titles by popularity (largest remainders, deterministic)."""
        popularity = np.diff(self.cumulative, prepend=0.0)
        share = n * popularity
        counts = np.floor(share).astype(int)
        extra = n - int(counts.sum())
        counts[np.argsort(-(share - counts), kind="stable")[:extra]] += 1
        for title in np.flatnonzero(counts):
            self.add_copies(int(title), int(counts[title]))

    def consistent(self) -> bool:
        """Shelf + home + mail = owned, and nothing negative, for every title."""
        return all(
            s + h + m == o and min(s, h, m) >= 0
            for s, h, m, o in zip(self.shelf, self.home, self.mail, self.owned)
        )
