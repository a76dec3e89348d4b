"""Records of one replication -> KPIs (explained in docs/kpis.md) and monthly time series.

Statistics cover the measured window: from the first month boundary at or after the warm-up to
the horizon. Money and event counts are summed over the window's months.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from sim.clock import DAYS_PER_YEAR, MONTH, month_of
from sim.model.ledger import COSTS, GIVEN_BACK, REVENUE
from sim.model.waits import MonthWaits, combined
from sim.model.waits import mean as wait_mean
from sim.model.waits import percentile as wait_percentile
from sim.config.scenario import Scenario
from sim.model.world import RunRecords
from sim.counter_names import (
    AWARE_OF_PLAN, BILLING_ERRORS, CHURN_REASON_OF, CHURN_REASON_PRICE_CHANGE, COMPLAINTS, COMPLAINTS_ABANDONED,
    COMPLAINTS_GRANTED, DAYS_OUT, DOWNGRADES, FIX_OF, FIXES_MADE, GAVE_UP, HOME_SPELLS, JOINED, JOINED_MARKETING,
    JOINED_OF, JOINED_REFERRAL, LATE_RETURNS, LOST_TO_RIVALS, MOVED_TO_NEW_PRICES, PLAN_OF, POSTCARDS,
    REFERRALS_MADE, RENTALS, RETURNS, REVENUE_PLAN_OF, STAFF_BUSY_MINUTES, STAFF_MORALE_SUM, STAFF_OPEN_MINUTES,
    STAFF_POSITION_DAYS, STAFF_QUITS, STOCKOUTS, SURVEY_ANSWERS, SURVEY_REASON_OF, TITLE_REQUESTS,
    TITLES_STREAMED, UPGRADES, UPSELLS, WON_BACK_STAYED, WON_FROM_RIVALS,
)

KPIS: tuple[str, ...] = (
    "revenue", "revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions", "revenue_sales",
    "revenue_upsell", "revenue_merchandise", "given_back", "costs", "profit",
    "customers_joined", "customers_churned", "customers_active_end", "monthly_churn_rate",
    "retention_12m", "stockout_rate", "late_return_rate", "referrals", "mean_goodwill",
    "late_fee_share", "rentals", "copies_out_mean", "mean_days_out", "rental_rate_per_day",
    "customers_joined_marketing", "customers_joined_referral", "customers_won_back", "reputation_mean",
    "upsells", "refunds", "discounts", "postcards", "survey_answers", "fixes_made",
    "retention_spend", "customer_months",
    "complaints", "complaints_granted", "complaints_abandoned", "complaints_per_customer_month",
    "given_back_fees_waived", "given_back_refunds", "given_back_credits", "billing_errors",
    "staff_utilization", "wait_mean_minutes", "wait_p95_minutes", "gave_up_rate", "staff_morale_mean",
    "staff_turnover", "cost_hiring", "cost_staff_wages",
    "churned_long_wait", "churned_complaint_refused", "churned_billing_error", "churned_late_fee",
    "churned_price_change", "churn_excess_after_change", "net_adds_quarter_after_change",
    "upgrades", "downgrades", "titles_streamed",
)
MARKET_KPIS: tuple[str, ...] = ("market_share_end", "customers_lost_to_rivals", "customers_won_from_rivals")
RIVAL_KPIS: tuple[str, ...] = (
    "customers_active_end", "market_share_end", "revenue", "profit", "monthly_churn_rate", "customers_joined",
    "customers_churned", "customers_lost_to_rivals", "customers_won_from_rivals",
)
FIRM_SEPARATOR = ":"  # a rival's KPI or series is "<firm>:<name>" (names cannot hold a colon)
QUARTER = 3  # months compared before and after a change
RETENTION_COSTS = ("postcards", "surveys", "fixes")
DYNAMIC_SERIES = (AWARE_OF_PLAN, CHURN_REASON_OF, SURVEY_REASON_OF, FIX_OF, JOINED_OF, PLAN_OF, REVENUE_PLAN_OF)


def first_month(records: RunRecords) -> int:
    """First month of the measured window."""
    return min(math.ceil(records.warmup_days / MONTH - 1e-9), records.months - 1)


def kpi_names(scenario: Scenario) -> tuple[str, ...]:
    """The KPIs of a study: ours, and in a market with rivals the market's and each rival's."""
    if not scenario.rivals:
        return KPIS
    return (*KPIS, *MARKET_KPIS, *(firm_name(r, k) for r in scenario.rivals for k in RIVAL_KPIS))


def firm_name(firm: str, name: str) -> str:
    """A rival's KPI or series name."""
    return f"{firm}{FIRM_SEPARATOR}{name}"


def kpis(records: RunRecords) -> dict[str, float]:
    """Every KPI of one replication, in kpi_names order: ours, then the market's and the rivals'."""
    out = firm_kpis(records)
    if records.market is None:
        return out
    firms = {"": out, **{name: firm_kpis(r) for name, r in records.market.rivals.items()}}
    in_market = sum(k["customers_active_end"] for k in firms.values())
    m0 = first_month(records)
    for name, k in firms.items():
        r = records.market.rivals.get(name, records)
        k["market_share_end"] = _ratio(k["customers_active_end"], in_market)
        k["customers_lost_to_rivals"] = float(sum(r.counts.get(LOST_TO_RIVALS, [])[m0:]))
        k["customers_won_from_rivals"] = float(sum(r.counts.get(WON_FROM_RIVALS, [])[m0:]))
    for name, k in firms.items():
        if name:
            out.update({firm_name(name, kpi): k[kpi] for kpi in RIVAL_KPIS})
    return out


def firm_kpis(records: RunRecords) -> dict[str, float]:
    """Every KPI of one firm's records, in KPIS order."""
    m0 = first_month(records)

    def total(series: list[float]) -> float:
        return float(sum(series[m0:]))

    def count(name: str) -> float:
        return total(records.counts.get(name, []))

    out: dict[str, float] = {f"revenue_{k}": total(records.revenue[k]) for k in REVENUE}
    out["revenue"] = sum(out[f"revenue_{k}"] for k in REVENUE)
    out["given_back"] = sum(total(records.given_back[k]) for k in GIVEN_BACK)
    out["costs"] = sum(total(records.costs[k]) for k in COSTS)
    out["profit"] = out["revenue"] - out["costs"]
    out.update(_customer_kpis(records, m0))
    out["stockout_rate"] = _ratio(count(STOCKOUTS), count(TITLE_REQUESTS))
    out["late_return_rate"] = _ratio(count(LATE_RETURNS), count(RETURNS))
    out["referrals"] = count(REFERRALS_MADE)
    out["mean_goodwill"] = _mean(records.snapshots["mean_goodwill"][m0:])
    out["late_fee_share"] = _ratio(out["revenue_late_fees"], out["revenue"])
    out["rentals"] = count(RENTALS)
    out.update(_little(records, m0))
    out.update(_lever_kpis(records, m0))
    out.update(_complaint_kpis(records, m0, out["customer_months"]))
    out["churned_price_change"] = count(CHURN_REASON_PRICE_CHANGE)
    for name in (UPGRADES, DOWNGRADES, TITLES_STREAMED):
        out[name] = count(name)
    out.update(_change_kpis(records))
    return {k: out[k] for k in KPIS}


def _change_kpis(records: RunRecords) -> dict[str, float]:
    """What the study's first change did: monthly churn from its announcement to a quarter after
    it took effect, less the quarter before the announcement; and net adds in its first quarter.
    NaN when the study changes nothing (or the windows do not fit in the run)."""
    nan = {"churn_excess_after_change": math.nan, "net_adds_quarter_after_change": math.nan}
    if records.change_window is None:
        return nan
    heard, effective = (month_of(day) for day in records.change_window)
    after_end = min(effective + QUARTER, records.months)
    if heard < QUARTER or after_end <= heard:
        return nan
    active, churned = active_at_month_starts(records), churned_per_month(records)
    joined = records.counts.get(JOINED, [0.0] * records.months)

    def rate(first: int, end: int) -> float:
        return _ratio(sum(churned[first:end]), sum(active[first:end]))

    return {
        "churn_excess_after_change": rate(heard, after_end) - rate(heard - QUARTER, heard),
        "net_adds_quarter_after_change": sum(joined[effective:after_end]) - sum(churned[effective:after_end]),
    }


def _customer_kpis(records: RunRecords, m0: int) -> dict[str, float]:
    start = m0 * MONTH
    horizon = records.horizon_days
    joined = [c for c in records.customers if c.join_day >= start]
    churned_in_window = [c for c in records.customers if c.churned and c.end_day >= start - 1e-9]
    active_start = active_at_month_starts(records)
    churn_by_month = churned_per_month(records)
    cohort = [c for c in joined if c.join_day + 12 * MONTH <= horizon + 1e-9]
    return {
        "customers_joined": float(len(joined)),
        "customers_churned": float(len(churned_in_window)),
        "customers_active_end": float(sum(1 for c in records.customers if not c.churned)),
        "monthly_churn_rate": _ratio(sum(churn_by_month[m0:]), sum(active_start[m0:])),
        "retention_12m": _ratio(sum(1 for c in cohort if c.tenure_months >= 12), len(cohort)),
    }


def _lever_kpis(records: RunRecords, m0: int) -> dict[str, float]:
    """Acquisition by channel, win-back, word of mouth, and what retention and sales levers did.

    `retention_spend` (postcards, discounts given, surveys, fixes) over `customer_months` against
    the baseline's is the cost per retained customer-month (sim.analysis.retention_cost).
    """
    def total(series: list[float]) -> float:
        return float(sum(series[m0:]))

    def count(name: str) -> float:
        return total(records.counts.get(name, []))

    discounts = total(records.given_back["discounts"])
    return {
        "customers_joined_marketing": count(JOINED_MARKETING),
        "customers_joined_referral": count(JOINED_REFERRAL),
        "customers_won_back": count(WON_BACK_STAYED),
        "reputation_mean": _mean(records.snapshots["reputation"][m0:]),
        "upsells": count(UPSELLS),
        "refunds": total(records.given_back["refunds"]),
        "discounts": discounts,
        "postcards": count(POSTCARDS),
        "survey_answers": count(SURVEY_ANSWERS),
        "fixes_made": count(FIXES_MADE),
        "retention_spend": discounts + sum(total(records.costs[k]) for k in RETENTION_COSTS),
        "customer_months": _customer_months(records, m0 * MONTH),
    }


def _complaint_kpis(records: RunRecords, m0: int, customer_months: float) -> dict[str, float]:
    """Complaints, what they gave back, the staff queue, morale and turnover, and churn by reason."""
    def total(series: list[float]) -> float:
        return float(sum(series[m0:]))

    def count(name: str) -> float:
        return total(records.counts.get(name, []))

    waits = combined(records.waits[m0:])
    positions = count(STAFF_POSITION_DAYS) / DAYS_PER_YEAR
    return {
        "complaints": count(COMPLAINTS),
        "complaints_granted": count(COMPLAINTS_GRANTED),
        "complaints_abandoned": count(COMPLAINTS_ABANDONED),
        "complaints_per_customer_month": _ratio(count(COMPLAINTS), customer_months),
        **{f"given_back_{k}": total(records.given_back[k]) for k in ("fees_waived", "refunds", "credits")},
        "billing_errors": count(BILLING_ERRORS),
        "staff_utilization": _ratio(count(STAFF_BUSY_MINUTES), count(STAFF_OPEN_MINUTES)),
        "wait_mean_minutes": wait_mean(waits),
        "wait_p95_minutes": wait_percentile(waits, 0.95),
        "gave_up_rate": _ratio(count(GAVE_UP), count(GAVE_UP) + waits.count),
        "staff_morale_mean": _ratio(count(STAFF_MORALE_SUM), count(STAFF_POSITION_DAYS)),
        "staff_turnover": _ratio(count(STAFF_QUITS), positions),
        "cost_hiring": total(records.costs["hiring"]),
        "cost_staff_wages": total(records.costs["staff_wages"]),
        **{f"churned_{k}": count(CHURN_REASON_OF + k)
           for k in ("long_wait", "complaint_refused", "billing_error", "late_fee")},
    }


def _customer_months(records: RunRecords, start: float) -> float:
    """Months customers spent active inside the measured window."""
    days = sum(max(0.0, c.end_day - max(c.join_day, start)) for c in records.customers)
    return days / MONTH


def _little(records: RunRecords, m0: int) -> dict[str, float]:
    """Inputs to Little's law: mean copies out, mean days out per spell at home, rentals per day."""
    window_days = records.horizon_days - m0 * MONTH
    spells = sum(records.counts.get(HOME_SPELLS, [])[m0:])
    return {
        "copies_out_mean": _mean(records.snapshots["copies_out"][m0:]),
        "mean_days_out": _ratio(sum(records.counts.get(DAYS_OUT, [])[m0:]), spells),
        "rental_rate_per_day": sum(records.counts.get(RENTALS, [])[m0:]) / window_days,
    }


def active_at_month_starts(records: RunRecords) -> list[float]:
    """Customers active at each month start (one churning exactly then still counts)."""
    starts = [0.0] * records.months
    for c in records.customers:
        first = max(0, math.ceil(c.join_day / MONTH - 1e-9))  # a day-0 customer may have joined before
        last = month_of(c.end_day) if c.churned else records.months - 1
        for m in range(first, min(last, records.months - 1) + 1):
            starts[m] += 1
    return starts


def churned_per_month(records: RunRecords) -> list[float]:
    out = [0.0] * records.months
    for c in records.customers:
        if c.churned:
            out[min(month_of(c.end_day), records.months - 1)] += 1
    return out


def timeseries(records: RunRecords) -> Iterator[tuple[int, str, float]]:
    """Monthly (month, series, value) rows of our firm; in a market with rivals also our market
    share, each rival's series as "<firm>:<series>", and the switching flows as
    "flow:<from>><to>" (households from a firm or none to another, in the month)."""
    yield from firm_series(records)
    market = records.market
    if market is None:
        return
    total = [sum(col) for col in zip(*market.customers.values())]
    for name in market.firms:
        share = [_ratio(n, t) for n, t in zip(market.customers[name], total)]
        prefix = "" if name == market.firms[0] else name + FIRM_SEPARATOR
        yield from ((m, prefix + "market_share", v) for m, v in enumerate(share))
    for name, rival in market.rivals.items():
        yield from ((m, firm_name(name, series), v) for m, series, v in firm_series(rival))
    for (source, target), row in market.flows.items():
        yield from ((m, f"flow{FIRM_SEPARATOR}{source}>{target}", v) for m, v in enumerate(row))


def firm_series(records: RunRecords) -> Iterator[tuple[int, str, float]]:
    """Monthly (month, series, value) rows of one firm: customers, money by stream, goodwill, reputation."""
    active = active_at_month_starts(records)
    churned = churned_per_month(records)
    joined = records.counts.get(JOINED, [0.0] * records.months)
    for m in range(records.months):
        revenue = {k: records.revenue[k][m] for k in REVENUE}
        costs = sum(records.costs[k][m] for k in COSTS)
        rows = {
            "active_customers": active[m],
            "joined": joined[m],
            "churned": churned[m],
            "net_adds": joined[m] - churned[m],
            **{name: records.counts.get(name, [0.0] * records.months)[m]
               for name in (MOVED_TO_NEW_PRICES, UPGRADES, DOWNGRADES)},
            "revenue": sum(revenue.values()),
            "revenue_per_customer": _ratio(sum(revenue.values()), active[m]),
            **{f"revenue_{k}": v for k, v in revenue.items()},
            "given_back": sum(records.given_back[k][m] for k in GIVEN_BACK),
            "costs": costs,
            "profit": sum(revenue.values()) - costs,
            "mean_goodwill": records.snapshots["mean_goodwill"][m],
            "reputation": records.snapshots["reputation"][m],
            "stockouts": records.counts.get(STOCKOUTS, [0.0] * records.months)[m],
            **_staff_month(records, m, active[m]),
        }
        for name, value in rows.items():
            yield m, name, value
        for name in sorted(records.counts):
            if name.startswith(DYNAMIC_SERIES):
                yield m, name, records.counts[name][m]


def _staff_month(records: RunRecords, m: int, active: float) -> dict[str, float]:
    """One month of complaints per 100 active customers, staff morale, utilisation and waits."""
    def at(name: str) -> float:
        row = records.counts.get(name)
        return row[m] if row else 0.0

    waits = records.waits[m] if records.waits else MonthWaits()
    return {
        "complaints": at(COMPLAINTS),
        "complaints_per_100": _ratio(100.0 * at(COMPLAINTS), active),
        "staff_morale": _ratio(at(STAFF_MORALE_SUM), at(STAFF_POSITION_DAYS)),
        "staff_utilization": _ratio(at(STAFF_BUSY_MINUTES), at(STAFF_OPEN_MINUTES)),
        "wait_mean_minutes": wait_mean(waits),
        "wait_p95_minutes": wait_percentile(waits, 0.95),
    }


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _mean(values: list[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else math.nan
