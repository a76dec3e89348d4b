"""Human labels with units for KPIs and monthly series, used by plots and the report."""

from __future__ import annotations

MONEY = "$"

KPI_LABELS = {
    "revenue": ("Revenue", MONEY),
    "revenue_rental_fees": ("Rental fees", MONEY),
    "revenue_late_fees": ("Late fees", MONEY),
    "revenue_subscriptions": ("Subscriptions", MONEY),
    "revenue_sales": ("Sales (kept rentals)", MONEY),
    "revenue_upsell": ("Upsell", MONEY),
    "revenue_merchandise": ("Merchandise", MONEY),
    "given_back": ("Given back", MONEY),
    "costs": ("Costs", MONEY),
    "profit": ("Profit", MONEY),
    "customers_joined": ("Customers joined", "customers"),
    "customers_churned": ("Customers churned", "customers"),
    "customers_active_end": ("Active customers at the end", "customers"),
    "active_customers": ("Active customers", "customers"),
    "joined": ("Customers joined", "customers"),
    "churned": ("Customers churned", "customers"),
    "reputation": ("Reputation", "score"),
    "stockouts": ("Stockouts", "requests"),
    "wait_mean_minutes": ("Mean wait for staff", "minutes"),
    "wait_p95_minutes": ("95th percentile wait for staff", "minutes"),
    "complaints_per_100": ("Complaints per 100 customers", "complaints"),
    "monthly_churn_rate": ("Monthly churn rate", "share per month"),
    "retention_12m": ("Retention after 12 months", "share"),
    "stockout_rate": ("Stockout rate", "share of requests"),
    "late_return_rate": ("Late return rate", "share of rentals"),
    "complaints": ("Complaints", "complaints"),
    "complaints_granted": ("Complaints granted", "complaints"),
    "staff_utilization": ("Staff utilisation", "share of time"),
    "staff_morale_mean": ("Staff morale", "score"),
    "staff_morale": ("Staff morale", "score"),
    "referrals": ("Referrals", "prospects"),
    "mean_goodwill": ("Mean goodwill", "score"),
    "goodwill": ("Mean goodwill", "score"),
    "market_share_end": ("Market share at the end", "share"),
    "market_share": ("Market share", "share"),
    "customers_lost_to_rivals": ("Customers lost to rivals", "customers"),
    "customers_won_from_rivals": ("Customers won from rivals", "customers"),
}
FIRM_SEPARATOR = ":"  # as sim.metrics: a rival's KPI is "<firm>:<kpi>"

PERCENT_UNITS = frozenset({"share", "share per month", "share of requests", "share of rentals", "share of time"})


def label(name: str) -> str:
    """'Profit' for profit, 'mailco: Profit' for a rival's; a tidied name for anything unknown."""
    firm, _, kpi = name.rpartition(FIRM_SEPARATOR)
    text = KPI_LABELS.get(kpi, (kpi.replace("_", " ").capitalize(), ""))[0]
    return f"{firm}: {text}" if firm else text


def unit(name: str) -> str:
    """The unit of a KPI or series (a rival's as ours)."""
    return KPI_LABELS.get(name.rpartition(FIRM_SEPARATOR)[2], ("", ""))[1]


def unit_label(name: str, per: str = "") -> str:
    """'$ per month', '% of requests', 'customers': the unit for an axis under a titled panel."""
    u = unit(name)
    if u in PERCENT_UNITS:
        u = "%" + u[len("share"):]
    if per and u:
        u = f"{u} {per}"
    return u


def axis_label(name: str, per: str = "") -> str:
    """'Profit ($ per month)': the label with its unit for an axis."""
    u = unit_label(name, per)
    return f"{label(name)} ({u})" if u else label(name)


def relative_makes_sense(name: str) -> bool:
    """Percent changes need a true zero: money, counts and shares have one, scores do not."""
    return unit(name) != "score"


def compact_money(value: float) -> str:
    """$1.2M, $54.5k, $310: short enough for bar labels and axis ticks."""
    return compact_number(value, "$")


def compact_number(value: float, prefix: str = "") -> str:
    """1.2M, 54.5k, 310 (with `prefix` after the sign): short enough for axis ticks."""
    sign, v = ("-" if value < 0 else ""), abs(value)
    if v >= 1e6:
        return f"{sign}{prefix}{v / 1e6:.3g}M"
    if v >= 1e3:
        return f"{sign}{prefix}{v / 1e3:.3g}k"
    return f"{sign}{prefix}{v:.0f}"


def percent(x: float, signed: bool = False) -> str:
    """A share as a percentage: one decimal below 10%, none above (what a reader can take in)."""
    value = 100.0 * x
    text = f"{value:.1f}%" if abs(value) < 10 else f"{value:.0f}%"
    if text.lstrip("-") in ("0%", "0.0%"):
        text = text.lstrip("-")
    return "+" + text if signed and value > 0 else text


def is_money(name: str) -> bool:
    return unit(name) == MONEY


def is_share(name: str) -> bool:
    return unit(name) in PERCENT_UNITS


def format_value(name: str, value: float) -> str:
    """A number as a reader wants it: $12,300, 4.3%, 0.12."""
    if value != value:
        return "n/a"
    if is_share(name):
        return f"{100 * value:.1f}%"
    if unit(name) == MONEY:
        sign = "-" if round(value) < 0 else ""
        return f"{sign}${abs(value):,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"
