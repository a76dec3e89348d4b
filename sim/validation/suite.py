"""The validation cases in the order docs/design.md lists them, and running a list of them."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from sim.validation import (
    erlang_c, history, little, loop_closed, mm_infinity, netflix_2011, netflix_2014, netflix_2016, published,
    sbg_survival, tarp, targets,
)
from sim.validation.check import Check
from sim.validation.work import SERIAL, Work

MODULES = (sbg_survival, little, mm_infinity, erlang_c, tarp, targets, netflix_2011, published, loop_closed,
           history, netflix_2014, netflix_2016)


@dataclass(frozen=True)
class Case:
    """A named case: `run(quick, work=work)` gives its table lines; `key` names it on the command line
    (`policysim validate --case KEY`)."""

    name: str
    run: Callable[..., list[Check]]
    key: str = ""


@dataclass(frozen=True)
class CaseResult:
    """One validation case: its name and its checks."""

    name: str
    checks: list[Check]
    seconds: float

    @property
    def passed(self) -> bool:
        return not any(c.counts_against for c in self.checks)


CASES: tuple[Case, ...] = tuple(Case(m.NAME, m.run, m.__name__.rsplit(".", 1)[-1]) for m in MODULES)


def run_cases(cases: tuple[Case, ...], quick: bool, done: Callable[[CaseResult], None] = lambda _r: None,
              work: Work = SERIAL) -> list[CaseResult]:
    """Run the cases, in the listed order; `done` hears of each as it finishes (progress).

    With an executor every case runs at once in its own thread of this process, handing its
    pieces to the executor, so the pieces of all cases form one stream that keeps the workers busy.
    """
    if work.executor is None:
        results = []
        for case in cases:
            results.append(_run_case(case, quick, work))
            done(results[-1])
        return results
    with ThreadPoolExecutor(max_workers=len(cases) or 1, thread_name_prefix="validation-case") as threads:
        futures = [threads.submit(_run_case, case, quick, work) for case in cases]
        for future in as_completed(futures):
            done(future.result())
        return [f.result() for f in futures]


def _run_case(case: Case, quick: bool, work: Work) -> CaseResult:
    start = time.perf_counter()
    checks = case.run(quick, work=work)
    return CaseResult(case.name, checks, time.perf_counter() - start)
