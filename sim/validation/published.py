"""Fitting the public data sets shipped in sim/data reproduces the published estimates.

sBG on Fader & Hardie's (2007) regular cohort, years 0-7 (alpha 0.704, beta 1.182); BG/NBD on the
CDNOW sample, 39 weeks of calibration (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414, a 0.793,
b 2.426); Gamma-Gamma on the same repeat buyers (Fader & Hardie 2013: p 6.25, q 3.74,
gamma 15.44). The interval is the fit's 99% normal interval from its standard errors; the pass
rule is the reproduction the papers allow: the published digits (3 decimals for sBG, 3
significant digits for BG/NBD, 2 for Gamma-Gamma).
"""

from __future__ import annotations

import math
from datetime import date
from importlib import resources

from sim.calibration import bgnbd, gamma_gamma, sbg
from sim.calibration.mle import Fit
from sim.calibration.retention import read_curve_csv
from sim.calibration.transactions import read_log, summarize
from sim.validation.check import Check, normal_interval, num, span
from sim.validation.work import SERIAL, Work

NAME = "Published fit"
DATA = resources.files("sim") / "data"
SBG = {"alpha": 0.704, "beta": 1.182}
BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}
CDNOW_END = date(1997, 9, 30)


def decimals_tolerance(value: float, digits: int) -> float:
    return 0.5 * 10.0**-digits


def significant_tolerance(value: float, digits: int) -> float:
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)


def rows(model: str, fit: Fit, published: dict[str, float], tolerance: int, rule: str) -> list[Check]:
    """One line per parameter: published value, fitted value, the fit's interval, the digits rule."""
    out = []
    for (name, pub), value, se in zip(published.items(), fit.params, fit.std_errors):
        low, high = normal_interval(float(value), float(se))
        tol = (decimals_tolerance if rule == "decimals" else significant_tolerance)(pub, tolerance)
        out.append(Check(f"{NAME}: {model} {name}", f"{pub:g}", num(float(value), 4), span(low, high),
                         bool(abs(value - pub) <= tol),
                         f"{model} maximum likelihood; 99% interval from its standard errors; "
                         f"pass when equal to {tolerance} "
                         f"{'decimals' if rule == 'decimals' else 'significant digits'}"))
    return out


def fits() -> tuple[Fit, Fit, Fit]:
    """sBG, BG/NBD and Gamma-Gamma fitted to the shipped data (one piece of work: they share the CDNOW summary)."""
    curve = read_curve_csv(str(DATA / "sbg_regular_cohort_years0-7.csv"))
    cdnow_path = str(DATA / "CDNOW_sample.txt")
    cdnow = summarize(read_log(cdnow_path, "cdnow"), CDNOW_END, "week", cdnow_path)
    return (sbg.fit(curve.percent, cohort_size=1000), bgnbd.fit(cdnow.x, cdnow.t_x, cdnow.T),
            gamma_gamma.fit(cdnow.x, cdnow.mean_value))


def run(quick: bool, sbg_published: dict[str, float] = SBG, bgnbd_published: dict[str, float] = BGNBD,
        gamma_gamma_published: dict[str, float] = GAMMA_GAMMA, work: Work = SERIAL) -> list[Check]:
    """The same in both modes: the fits take seconds."""
    sbg_fit, bgnbd_fit, gamma_gamma_fit = work.submit(fits).result()
    return (rows("sBG (regular cohort)", sbg_fit, sbg_published, 3, "decimals")
            + rows("BG/NBD (CDNOW)", bgnbd_fit, bgnbd_published, 3, "significant")
            + rows("Gamma-Gamma (CDNOW)", gamma_gamma_fit, gamma_gamma_published, 2, "significant"))
