"""Copies lent until a known day come back with no event, exactly when due."""

from __future__ import annotations

from sim.config.scenario import Catalogue as CatalogueConfig
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
