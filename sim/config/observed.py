"""Observed series an experiment is laid over: a CSV of (date, firm, kpi, value) in real units.

Day 0 of the run is `experiment.start_date`; a date is the number of calendar days after it
(leap days counted). `firm` is "ours" or a rival's name (`[scenario.rivals.NAME]`), whose series
are read from its `NAME:<series>` columns. A row with an empty value is a figure asked for, not
observed: fit.csv gives the simulated one alone (e.g. year ends beyond the calibration years). A
level (customers on a day) is read at the month start nearest the date, a
flow (revenue, joins in a month) from the month that holds the date, a quarter's flow
(`net_adds_in_quarter`, `joined_in_quarter`: what companies report) from the three months ending
with that month, a rate as it is. The run
reports simulated series in real units: counts and money times `experiment.scale` (real
households per simulated one); rates as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sim.counter_names import PLAN_OF
from sim.config.base import ConfigError, Strict, param

COLUMNS = ["date", "firm", "kpi", "value"]
OUR_FIRM = "ours"
LEVELS = ("customers",)  # read at the month start nearest the date (plans: plan_NAME too)
FLOWS = ("revenue", "profit", "joined", "churned", "net_adds")  # the month holding the date
RATES = ("monthly_churn_rate",)  # churned in the month / active at its start: not scaled
QUARTERS = ("net_adds_in_quarter", "joined_in_quarter")  # the 3 months ending with the one holding the date
SERIES = {"customers": "active_customers", "net_adds_in_quarter": "net_adds", "joined_in_quarter": "joined"}
COUNTS = ("customers", "joined", "churned", "joined_in_quarter")  # never below zero (nor plan_NAME)
MAX_BYTES = 2_000_000  # soft: about 60,000 rows; each row costs a fit.csv row and a look-up in every run's series


class Observed(Strict):
    """The [observed] table."""

    file: str = param("", "CSV of observed figures (date, firm, kpi, value), relative to the experiment file.",
                      min_length=1, max_length=4096)


class Observation(NamedTuple):
    """One observed figure: its date, firm, KPI and value."""

    date: dt.date
    firm: str
    kpi: str
    value: float  # NaN: a figure asked for, not observed

    @property
    def asked(self) -> bool:
        """A row with no observed value: only the simulated figure is reported."""
        return math.isnan(self.value)


@dataclass(frozen=True)
class Window:
    """What the observations are checked against: the run's calendar and what it writes."""

    start: dt.date
    horizon_days: float
    kpis: dict[str, tuple[str, ...]]  # by firm ("ours" and each rival)

    @property
    def firms(self) -> tuple[str, ...]:
        return tuple(self.kpis)


def observable(plans: set[str]) -> tuple[str, ...]:
    """The kpis an observed file may name: customers, flows (of a month or a quarter), rates, and
    customers per plan."""
    return (*LEVELS, *FLOWS, *QUARTERS, *RATES, *sorted(f"{PLAN_OF}{p}" for p in plans))


def day_of(date: dt.date, start: dt.date) -> int:
    """Calendar days from day 0 (leap days counted)."""
    return (date - start).days


def resolve(file: str, source: str) -> Path:
    """The observed file, relative to the experiment file's folder (or the working folder)."""
    path = Path(file)
    origin = Path(source)
    return path if path.is_absolute() or not origin.is_file() else origin.parent / path


def read_observed(path: Path, window: Window) -> list[Observation]:
    """Every row, checked; a bad file or row is a ConfigError naming the file and the row."""
    where = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:  # a BOM is read as CSV readers do
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise ConfigError(where, "observed.file", "file not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(where, "observed.file", f"cannot read file ({exc.__class__.__name__}: {exc})") from None
    if not rows or [c.strip() for c in rows[0]] != COLUMNS:
        raise ConfigError(where, "row 1", f"the header must be exactly {','.join(COLUMNS)}")
    if len(rows) < 2:
        raise ConfigError(where, "row 2", "no observations after the header")
    observations = [_row(cells, n, where, window) for n, cells in enumerate(rows[1:], start=2)]
    _no_repeats(observations, where)
    return observations


def check_size(path: Path, force: bool) -> None:
    """Refuse a file beyond the soft limit before reading it, unless forced: reading, fitting and
    copying a million rows takes minutes and gigabytes."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # read_observed says why it cannot be read
    if size > MAX_BYTES and not force:
        raise ConfigError(str(path), "observed.file", f"the file is {size / 1e6:,.1f} MB, over the soft limit of "
                          f"{MAX_BYTES / 1e6:g} MB (about 60,000 rows); give --force to use it anyway")


def _no_repeats(observations: list[Observation], where: str) -> None:
    """Each (date, firm, kpi) at most once: two values for one figure cannot both be fitted."""
    first: dict[tuple[dt.date, str, str], int] = {}
    for n, o in enumerate(observations, start=2):
        seen = first.setdefault((o.date, o.firm, o.kpi), n)
        if seen != n:
            raise ConfigError(where, f"row {n}", f"repeats row {seen} ({o.date}, {o.firm}, {o.kpi}); "
                              "allowed: one row per date, firm and kpi")


def _row(cells: list[str], n: int, where: str, window: Window) -> Observation:
    at = f"row {n}"
    if len(cells) != len(COLUMNS):
        raise ConfigError(where, at, f"has {len(cells)} cells; allowed: 4 ({','.join(COLUMNS)})")
    date_text, firm, kpi, value_text = (c.strip() for c in cells)
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ConfigError(where, f"{at}.date", f"{date_text!r} is not a date; allowed: YYYY-MM-DD") from None
    day = day_of(date, window.start)
    if not 0 <= day <= window.horizon_days:
        end = window.start + dt.timedelta(days=int(window.horizon_days))
        raise ConfigError(where, f"{at}.date", f"{date} is outside the run ({window.start} to {end})")
    if firm not in window.firms:
        raise ConfigError(where, f"{at}.firm", f"unknown firm {firm!r}; allowed: {', '.join(window.firms)}")
    allowed = window.kpis[firm]
    if kpi not in allowed:
        raise ConfigError(where, f"{at}.kpi", f"the model writes no monthly {kpi!r} of {firm}; allowed: "
                          f"{', '.join(allowed)}")
    if not value_text:
        return Observation(date, firm, kpi, math.nan)
    try:
        value = float(value_text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ConfigError(where, f"{at}.value", f"{_quoted(value_text)} is not a finite number (or leave it empty "
                          "to ask for the simulated figure alone)")
    _in_range(kpi, value, where, at)
    return Observation(date, firm, kpi, value)


def _in_range(kpi: str, value: float, where: str, at: str) -> None:
    """Counts are not negative and a monthly churn rate is a share of the month's customers."""
    if is_count(kpi) and value < 0:
        raise ConfigError(where, f"{at}.value", f"{kpi} {value:g} is negative; allowed: a count of 0 or more")
    if kpi in RATES and not 0 <= value <= 1:
        raise ConfigError(where, f"{at}.value", f"{kpi} {value:g} is not a share; allowed: 0 to 1 "
                          "(0.05 is 5% of the customers a month)")


def is_count(kpi: str) -> bool:
    """A kpi that counts customers or events, so never below zero."""
    return kpi in COUNTS or kpi.startswith(PLAN_OF)


def _quoted(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[:width] + "...")


def window_of(config: Any) -> Window:
    """The calendar, the firms and each firm's kpis an experiment's observed file is checked against."""
    kpis = {OUR_FIRM: observable(_plans(config.variants.values()))}
    kpis |= {name: observable(_plans([rival])) for name, rival in config.scenario.rivals.items()}
    return Window(config.experiment.start_date, config.experiment.horizon_days, kpis)


def series_of(firm: str, series: str) -> str:
    """The name of a firm's monthly series in timeseries.csv: ours as is, a rival's `NAME:series`."""
    return series if firm == OUR_FIRM else f"{firm}:{series}"


def _plans(firms: Any) -> set[str]:
    """The plan names any of these firms (variants or rivals) offers at day 0 or by a change."""
    firms = list(firms)
    plans = {name for f in firms for name in getattr(f.pricing, "plans", {})}
    return plans | {name for f in firms for c in f.changes for path in c.set for name in _plan_in(path)}


def _plan_in(path: str) -> list[str]:
    parts = path.split(".")
    return [parts[2]] if len(parts) > 2 and parts[:2] == ["pricing", "plans"] else []
