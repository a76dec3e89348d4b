"""Copies lent until a known day come back with no event, exactly when due; a pick through the
guide table is the title a bisection of the cumulative popularity gives."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config.scenario import CatalogueConfig
from sim.model.catalogue import Catalogue


def one_copy() -> Catalogue:
    return Catalogue(CatalogueConfig(titles=1, min_copies=1), copies_total=1)


def test_a_lent_copy_is_back_on_its_day_and_not_before() -> None:
    cat = one_copy()
    cat.lend(0, until=5.0)
    assert not cat.available(0, 4.999)
    assert cat.copies_out(4.999) == 1
    assert cat.available(0, 5.0)
    assert cat.copies_out(5.0) == 0 and cat.shelf == [1] and cat.consistent()


def test_lent_copies_come_back_in_the_order_they_are_due() -> None:
    cat = Catalogue(CatalogueConfig(titles=1, min_copies=3), copies_total=3)
    for day in (9.0, 2.0, 6.0):
        cat.lend(0, until=day)
    assert [cat.copies_out(day) for day in (1.0, 2.0, 6.5, 9.0)] == [3, 2, 1, 0]
    assert cat.consistent() and not cat.due


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3000), st.floats(0.3, 3.0),
       st.lists(st.floats(0.0, 1.0, exclude_max=True), min_size=1, max_size=50))
def test_a_pick_is_the_first_title_whose_cumulative_popularity_exceeds_the_draw(
        titles: int, zipf: float, draws: list[float]) -> None:
    cat = Catalogue(CatalogueConfig(titles=titles, zipf_exponent=zipf), copies_total=titles)
    edges = cat.cumulative[:-1]  # draws exactly on a boundary, and just below it
    for u in draws + edges[:50] + [max(0.0, e - 1e-12) for e in edges[:50]]:
        assert cat.pick(u) == bisect_right(cat.cumulative, u)
