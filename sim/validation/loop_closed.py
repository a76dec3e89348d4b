"""The loop closed as a validation case: known parameters through the simulator refit to
themselves (what is refit and why: sim/validation/recovery.py).

Expected: the known parameter. Observed: the refit, with its 99% normal interval from the fit's
standard errors, which shrink as 1 / sqrt(population).
"""

from __future__ import annotations

from sim.validation.check import Check, normal_interval, point
from sim.validation.recovery import Recovery, recover_nbd, recover_sbg
from sim.validation.work import SERIAL, Work

NAME = "Loop closed"
SBG_TRUTH = (0.9, 6.0)
NBD_TRUTH = (0.8, 0.5)


def rows(rec: Recovery, truth: tuple[float, ...], how: str) -> list[Check]:
    out = []
    for name, expected, value, se in zip(rec.names, truth, rec.fit.params, rec.fit.std_errors):
        low, high = normal_interval(float(value), float(se))
        out.append(point(f"{NAME}: {rec.model} {name}", expected, float(value), low, high, how))
    return out


def run(quick: bool, sbg_truth: tuple[float, float] = SBG_TRUTH, nbd_truth: tuple[float, float] = NBD_TRUTH,
        work: Work = SERIAL) -> list[Check]:
    """`sbg_truth` and `nbd_truth` are what the refits are compared with; the populations are
    always simulated from SBG_TRUTH and NBD_TRUTH."""
    n_sbg, n_nbd = (4_000, 2_000) if quick else (20_000, 10_000)
    sbg_job = work.submit(recover_sbg, *SBG_TRUTH, n_sbg, 24, 31)
    nbd_rec = work.submit(recover_nbd, *NBD_TRUTH, n_nbd, 6, 37).result()
    sbg_rec = sbg_job.result()
    return (rows(sbg_rec, sbg_truth, f"cohort of {n_sbg:,}, kappa = 0, 24 monthly reviews; sBG refit, 99% interval")
            + rows(nbd_rec, nbd_truth, f"{n_nbd:,} store customers, churn off, rentals in 6 months; "
                                       "NBD refit (alpha per month), 99% interval"))
