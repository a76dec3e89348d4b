"""Why customers left: churn reasons per variant from the per-customer records."""

from __future__ import annotations

from collections import Counter

from sim.analysis.results import Results


def churn_reasons(results: Results, point: int = 0) -> dict[str, Counter[str]]:
    """Per variant, the number of churned customers per recorded reason (all replications)."""
    c = results.customers
    out: dict[str, Counter[str]] = {}
    for variant in results.variants:
        mask = (c["variant"] == variant) & (c["point"] == point) & (c["churned"] > 0)
        out[variant] = Counter(str(r) or "unrecorded" for r in c["churn_reason"][mask])
    return out
