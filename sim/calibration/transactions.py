"""Purchase logs -> the recency/frequency/age summary that BG/NBD and Gamma-Gamma need.

Conventions (those of Fader, Hardie & Lee 2005 on CDNOW, which reproduce their estimates):
purchases on the same day by the same customer are one transaction (amounts summed); the first
transaction is the customer's trial, not a repeat; time is measured from each customer's first
purchase; the calibration period includes its end date and the holdout runs from the next day
to the last date in the log. Customers whose first purchase falls after the calibration end are
not yet acquired and are left out.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from sim.errors import UserError, read_input

DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 365.25 / 12}
CSV_COLUMNS = ("customer_id", "date", "amount")
# A soft limit, lifted by --force: a log the size of CDNOW's full one (69,190 lines, 23,570
# customers) fits in 17 s at 172 MB on a busy 2-core machine; 2 million lines took 7 minutes
# and 1.4 GB. The limit keeps a fit to about a minute.
MAX_LOG_ROWS = 250_000
MIN_CUSTOMERS = 10  # how rates and dropout vary across customers needs several of them

Purchase = tuple[str, date, float]


@dataclass(frozen=True)
class TransactionSummary:
    """One entry per customer acquired by the calibration end, in customer-id order."""

    customers: tuple[str, ...]
    x: np.ndarray            # repeat transactions in the calibration period
    t_x: np.ndarray          # time of the last repeat since the first purchase (0 when x = 0)
    T: np.ndarray            # time from the first purchase to the calibration end
    mean_value: np.ndarray   # mean value of the repeat transactions (NaN when x = 0)
    holdout: np.ndarray      # transactions after the calibration end
    holdout_length: float    # length of the holdout period, in the same time unit
    unit: str


def read_log(path: str | Path, fmt: str, force: bool = False) -> list[Purchase]:
    """Read a purchase log in `cdnow` or `csv` format; bad data raises a one-line UserError.

    The lines are counted first (streamed, in constant memory) so that a log too big to fit in
    reasonable time is refused before it is parsed, unless `force`.
    """
    if not force:
        _check_size(path)
    lines = _read_lines(path)
    purchases = _parse_cdnow(path, lines) if fmt == "cdnow" else _parse_csv(path, lines)
    if not purchases:
        raise UserError(f"{path}: no purchases in the file")
    return purchases


def date_range(purchases: list[Purchase]) -> tuple[date, date]:
    """First and last purchase dates of the log."""
    days = [p[1] for p in purchases]
    return min(days), max(days)


def summarize(purchases: list[Purchase], end: date, unit: str, source: str) -> TransactionSummary:
    """The calibration summary at `end` and the holdout counts after it."""
    first, last = date_range(purchases)
    if not first < end <= last:
        raise UserError(f"{source}: calibration end {end} is outside the data "
                        f"(purchases from {first} to {last}; the end must be after the first date)")
    acquired = sorted((cid, days) for cid, days in _merge_same_day(purchases).items() if min(days) <= end)
    scale = DAYS_PER_UNIT[unit]
    rows = [_customer_row(days, end, scale) for _, days in acquired]
    x, t_x, T, mean_value, holdout = (np.array(col, dtype=float) for col in zip(*rows))
    ids = tuple(cid for cid, _ in acquired)
    return TransactionSummary(ids, x, t_x, T, mean_value, holdout, (last - end).days / scale, unit)


def check_fittable(summary: TransactionSummary, source: str) -> None:
    """Refuse a summary from which BG/NBD and Gamma-Gamma cannot be estimated, saying what is missing."""
    spenders = (summary.x > 0) & (summary.mean_value > 0)
    if not spenders.any():
        raise UserError(f"{source}: no repeat purchase with positive spend by the calibration end; "
                        "cannot fit BG/NBD and Gamma-Gamma")
    n = len(summary.customers)
    if n < MIN_CUSTOMERS:
        raise UserError(f"{source}: {n} customer(s) acquired by the calibration end; BG/NBD and Gamma-Gamma "
                        f"estimate how customers differ, which needs at least {MIN_CUSTOMERS} of them")
    if np.unique(summary.mean_value[spenders]).size < 2:
        raise UserError(f"{source}: every repeat buyer spends the same on average; Gamma-Gamma estimates how "
                        "spend varies across customers, which needs at least two different mean spends")


def parse_date(text: str, source: str, line: int) -> date:
    """YYYY-MM-DD or YYYYMMDD, the two layouts the supported formats use."""
    for layout in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    raise UserError(f"{source}: line {line}: cannot parse date {text!r} (expected YYYY-MM-DD or YYYYMMDD)")


def _customer_row(days: dict[date, float], end: date, scale: float) -> tuple[float, ...]:
    ordered = sorted(days)
    first = ordered[0]
    repeats = [d for d in ordered[1:] if d <= end]
    x = len(repeats)
    t_x = (repeats[-1] - first).days / scale if repeats else 0.0
    mean_value = float(np.mean([days[d] for d in repeats])) if repeats else np.nan
    holdout = sum(1 for d in ordered if d > end)
    return x, t_x, (end - first).days / scale, mean_value, holdout


def _merge_same_day(purchases: list[Purchase]) -> dict[str, dict[date, float]]:
    merged: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for customer, day, amount in purchases:
        merged[customer][day] += amount
    return merged


def _check_size(path: str | Path) -> None:
    lines = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                if lines > MAX_LOG_ROWS:
                    raise UserError(f"{path}: over {MAX_LOG_ROWS:,} lines, the limit for a purchase log "
                                    "(the fits would take many minutes); give --force to fit it anyway")
    except OSError:
        return  # read_input names the problem


def _read_lines(path: str | Path) -> list[tuple[int, str]]:
    text = read_input(path)
    lines = [(n, s) for n, s in enumerate(text.splitlines(), start=1) if s.strip()]
    if not lines:
        raise UserError(f"{path}: file is empty")
    return lines


def _parse_cdnow(path: str | Path, lines: list[tuple[int, str]]) -> list[Purchase]:
    """`master_id sample_id YYYYMMDD n_cds dollar_value`; the sample id names the customer."""
    out = []
    for n, text in lines:
        fields = text.split()
        if len(fields) != 5:
            raise UserError(f"{path}: line {n}: expected 5 fields "
                            f"(master_id sample_id YYYYMMDD n_cds dollar_value), got {len(fields)}")
        out.append((fields[1], parse_date(fields[2], str(path), n), _amount(path, n, fields[1], fields[4])))
    return out


def _parse_csv(path: str | Path, lines: list[tuple[int, str]]) -> list[Purchase]:
    """A CSV with a header naming at least customer_id, date (ISO) and amount."""
    rows = list(csv.reader(text for _, text in lines))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise UserError(f"{path}: line {lines[0][0]}: header lacks column(s) {', '.join(missing)} "
                        f"(need {','.join(CSV_COLUMNS)})")
    idx = [header.index(c) for c in CSV_COLUMNS]
    out = []
    for (n, _), row in zip(lines[1:], rows[1:]):
        if len(row) < len(header):
            raise UserError(f"{path}: line {n}: expected {len(header)} fields, got {len(row)}")
        cid, day, amount = (row[i].strip() for i in idx)
        out.append((cid, parse_date(day, str(path), n), _amount(path, n, cid, amount)))
    return out


def _amount(path: str | Path, line: int, customer: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"{path}: line {line}: cannot parse amount {text!r}") from None
    if not np.isfinite(value) or value < 0:
        raise UserError(f"{path}: line {line}: customer {customer} has negative or invalid spend {text}")
    return value
