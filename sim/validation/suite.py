"""The validation cases in the order docs/design.md lists them, and running a list of them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sim.validation import (
    erlang_c, little, loop_closed, mm_infinity, netflix_2011, published, sbg_survival, tarp, targets,
)
from sim.validation.check import Check

MODULES = (sbg_survival, little, mm_infinity, erlang_c, tarp, targets, netflix_2011, published, loop_closed)


@dataclass(frozen=True)
class Case:
    """A named case: `run(quick)` gives its table lines."""

    name: str
    run: Callable[[bool], list[Check]]


@dataclass(frozen=True)
class CaseResult:
    name: str
    checks: list[Check]
    seconds: float

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


CASES: tuple[Case, ...] = tuple(Case(m.NAME, m.run) for m in MODULES)


def run_cases(cases: tuple[Case, ...], quick: bool,
              done: Callable[[CaseResult], None] = lambda _r: None) -> list[CaseResult]:
    """Run each case in turn; `done` hears of each as it finishes (progress)."""
    results = []
    for case in cases:
        start = time.perf_counter()
        result = CaseResult(case.name, case.run(quick), time.perf_counter() - start)
        done(result)
        results.append(result)
    return results
