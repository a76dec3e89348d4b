"""The validation table as plain text for the terminal."""

from __future__ import annotations

from sim.validation.check import Check
from sim.validation.suite import CaseResult

HEADER = ("case", "expected", "observed", "interval", "result")


def verdict(passed: bool) -> str:
    return "pass" if passed else "FAIL"


def check_verdict(check: Check) -> str:
    """pass/FAIL, or for a case the behaviour is not fitted to yet hit/miss (not counted)."""
    if check.fitted:
        return verdict(check.passed)
    return "hit (not fitted yet)" if check.passed else "MISS (not fitted yet)"


def text_table(results: list[CaseResult]) -> str:
    """One line per check, columns padded to their widest cell."""
    rows = [HEADER] + [(c.case, c.expected, c.observed, c.interval, check_verdict(c))
                       for r in results for c in r.checks]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
