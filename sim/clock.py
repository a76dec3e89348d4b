"""Calendar constants: time is in days, a month is a twelfth of a year."""

DAYS_PER_YEAR = 365.0
MONTH = DAYS_PER_YEAR / 12.0


def month_of(t: float) -> int:
    """Index of the month that contains day t (month 0 is [0, MONTH)).

    The tolerance puts an event scheduled exactly on a boundary (join + m months, summed in
    floating point) into the month that starts there.
    """
    return int(t / MONTH + 1e-9)


def months_in(horizon_days: float) -> int:
    """Number of (possibly partial) months in a horizon."""
    n = int(horizon_days / MONTH)
    return n + 1 if n * MONTH < horizon_days else n
