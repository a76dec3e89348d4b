"""Plain-language headline sentences generated from the paired comparisons.

A sentence claims a direction only when the paired 95% interval excludes zero; otherwise it
says "no clear difference". Each KPI keeps one unit in every sentence (dollars for money,
percentage points for shares, counts for counts), so sentences side by side compare at a glance;
the changes as a share of the baseline are in the appendix's table.
"""

from __future__ import annotations

import math

from sim.analysis.comparisons import Comparison
from sim.plots.labels import format_value, is_share

# kpi: (verb, noun, word when higher, word when lower)
PHRASES = {
    "profit": ("made", "profit", "more", "less"),
    "revenue": ("took", "revenue", "more", "less"),
    "customers_active_end": ("ended with", "active customers", "more", "fewer"),
    "monthly_churn_rate": ("had a", "monthly churn rate", "higher", "lower"),
    "complaints": ("received", "complaints", "more", "fewer"),
    "mean_goodwill": ("ended with", "mean goodwill", "higher", "lower"),
}
HEADLINE_KPIS = list(PHRASES)


def sentence(c: Comparison) -> str:
    """One headline sentence for one comparison."""
    verb, noun, up, down = PHRASES.get(c.kpi, ("had", c.kpi.replace("_", " "), "higher", "lower"))
    if math.isnan(c.paired.low):
        return f"`{c.variant}` vs `{c.baseline}` on {noun}: too few replications for an interval."
    if not c.paired.excludes_zero():
        span = f"{_amount(c.kpi, c.paired.low, True)} to {_amount(c.kpi, c.paired.high, True)}"
        return f"`{c.variant}` and `{c.baseline}`: no clear difference in {noun} (95% CI {span})."
    word = up if c.paired.mean > 0 else down
    ends = sorted((abs(c.paired.low), abs(c.paired.high)))
    size = _amount(c.kpi, abs(c.paired.mean))
    span = f"{_amount(c.kpi, ends[0])} to {_amount(c.kpi, ends[1])}"
    if verb.endswith(" a") and _starts_with_vowel_sound(size):
        verb += "n"
    return f"`{c.variant}` {verb} {size} {word} {noun} than `{c.baseline}` (95% CI {span})."


def _starts_with_vowel_sound(number: str) -> bool:
    """'an 8%', 'an 11%', 'an 18%' but 'a 1.5%' (eighteen hundred aside, which percents never reach)."""
    digits = number.lstrip("$").split(".")[0].split("%")[0].replace(",", "")
    return digits.startswith("8") or digits in ("11", "18")


def pairing_sentence(c: Comparison) -> str:
    """How much common random numbers narrowed the interval of one comparison."""
    if math.isnan(c.narrowing):
        return ""
    return (f"Pairing replications (common random numbers) gives the {c.kpi} difference of `{c.variant}` "
            f"a 95% CI of ±{_amount(c.kpi, c.paired.half_width)}; compared unpaired it would be "
            f"±{_amount(c.kpi, c.unpaired.half_width)} ({c.narrowing:.1f} times as wide).")


def _amount(kpi: str, value: float, signed: bool = False) -> str:
    """An absolute amount in the KPI's units; shares as percentage points."""
    text = f"{100 * abs(value):.2g} percentage points" if is_share(kpi) else format_value(kpi, abs(value))
    if signed and value != 0:
        return ("+" if value > 0 else "-") + text
    return text
