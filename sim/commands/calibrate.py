"""`policysim calibrate sbg|transactions|study`: fit models to a business's own data.

`sbg` fits the shifted-beta-geometric model to a retention curve; `transactions` fits BG/NBD and
Gamma-Gamma to a purchase log and checks the fit on a holdout period. `--write-config` writes
the customer segment that carries the fit into an experiment. `study` (sim/commands/calibrate_study.py)
fits a study's [calibration] parameters to its observed series.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from sim.calibration import (
    bgnbd,
    fragment,
    gamma_gamma,
    mle,
    retention,
    sbg,
    transactions,
)
from sim.calibration.mle import Fit
from sim.calibration.retention import ObservedCurve, parse_curve_list, read_curve_csv
from sim.calibration.transactions import (
    DAYS_PER_UNIT,
    MAX_LOG_ROWS,
    TransactionSummary,
    date_range,
    read_log,
    summarize,
)
from sim.commands import calibrate_behaviour, calibrate_study
from sim.config import ConfigError, parse_experiment
from sim.errors import UserError
from sim.results_folder import atomic_write

SBG_NAMES = ("alpha", "beta")
BGNBD_NAMES = ("r", "alpha", "a", "b")
GG_NAMES = ("p", "q", "gamma")
SBG_NEEDS = "a curve over more periods, with churn changing gradually, is needed"
LOG_NEEDS = "more customers, or customers who differ more, are needed"
MAX_PROJECT = 1_000  # periods: 83 years of months; more is a typo, and printing 1e8 lines hangs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate",
                       help="fit a study to observed series, or sBG or BG/NBD + Gamma-Gamma to customer data")
    models = p.add_subparsers(dest="model", required=True, metavar="MODEL")
    s = models.add_parser("sbg", help="shifted-beta-geometric fit to a retention curve")
    s.add_argument("data", nargs="?", metavar="DATA", help="CSV of period,percent_surviving")
    s.add_argument("--survival", help="comma-separated percentages instead of DATA, e.g. 100,63.1,46.8")
    s.add_argument("--project", type=int, default=5, metavar="N",
                   help=f"periods to project (default 5; over {MAX_PROJECT:,} needs --force)")
    s.add_argument("--period", choices=("year", "month"),
                   help="length of one period (default: the CSV's period column name, else month)")
    s.add_argument("--cohort-size", type=float, default=1000.0, metavar="N",
                   help="customers at period 0; scales the log-likelihood and standard errors (default 1000)")
    _common(s)
    s.set_defaults(func=execute_sbg)
    t = models.add_parser("transactions", help="BG/NBD and Gamma-Gamma fits to a purchase log")
    t.add_argument("file", metavar="FILE", help="purchase log")
    t.add_argument("--format", choices=("cdnow", "csv"), default="csv",
                   help="cdnow layout, or a CSV with columns customer_id,date,amount (default csv)")
    t.add_argument("--calibration-end", metavar="DATE",
                   help="last day of the calibration period (YYYY-MM-DD); later purchases are the holdout")
    t.add_argument("--time-unit", choices=tuple(DAYS_PER_UNIT), default="week")
    t.epilog = f"A log of over {MAX_LOG_ROWS:,} lines needs --force (the fits take minutes per million rows)."
    _common(t)
    t.set_defaults(func=execute_transactions)
    calibrate_study.add_parser(models)
    calibrate_behaviour.add_parser(models)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--write-config", metavar="PATH", help="write a scenario segment (TOML) to paste into an experiment")
    p.add_argument("--force", action="store_true",
                   help="overwrite an existing --write-config file; lift the size limits")


def execute_sbg(args: argparse.Namespace) -> int:
    _check_sbg_flags(args)
    _check_target(args)
    curve, source = _load_curve(args)
    retention.check_fittable(curve.percent, source)
    period = args.period or curve.unit or "month"
    fit = _identified(sbg.fit(curve.percent, args.cohort_size), SBG_NAMES, source, SBG_NEEDS)
    text = None
    if args.write_config:
        step = fragment.MONTHS_PER_YEAR if period == "year" else 1
        monthly = _identified(sbg.fit(curve.percent, args.cohort_size, step), SBG_NAMES, source, SBG_NEEDS)
        text = _checked(fragment.sbg_segment(curve.percent, period, args.cohort_size, source, monthly), source)
    alpha, beta = fit.params
    projection = sbg.project(alpha, beta, len(curve.percent) - 1, args.project)
    result = {**_named(fit, SBG_NAMES), "loglik": fit.loglik, "period": period,
              "cohort_size": args.cohort_size, "projection": projection}
    print(json.dumps(result, indent=2) if args.json else _sbg_text(result, source, len(curve.percent) - 1))
    if text is not None:
        _write(args.write_config, text, args.force)
    return 0


def _check_sbg_flags(args: argparse.Namespace) -> None:
    if args.project < 0:
        raise UserError(f"--project: must be >= 0, got {args.project}")
    if args.project > MAX_PROJECT and not args.force:
        raise UserError(f"--project: {args.project:,} periods is over the limit of {MAX_PROJECT:,} "
                        "(one printed line each); give --force to project them anyway")
    if not (math.isfinite(args.cohort_size) and 0 < args.cohort_size <= 1e12):
        raise UserError(f"--cohort-size: must be a number > 0 and <= 1e12, got {args.cohort_size:g}")


def _check_target(args: argparse.Namespace) -> None:
    """Refuse a --write-config that would overwrite a file, before any work is done."""
    path = args.write_config
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise UserError(f"--write-config: {path} is a folder; give a file name")
    if target.exists() and not args.force:
        raise UserError(f"--write-config: {path} already exists; give another name, or --force to overwrite it")
    if not target.parent.is_dir():
        raise UserError(f"--write-config: folder {target.parent} does not exist")


def _identified(fit: Fit, names: tuple[str, ...], source: str, needed: str) -> Fit:
    """The fit, or a UserError when an estimate ran to the optimiser's bounds (0 or infinity)."""
    edge = mle.at_bound(fit)
    if edge:
        middle = math.sqrt(mle.LOWER * mle.UPPER)
        which = ", ".join(f"{names[i]} -> {'0' if fit.params[i] < middle else 'infinity'}" for i in edge)
        raise UserError(f"{source}: the data do not identify the model ({which}: the likelihood keeps rising "
                        f"towards the edge of {mle.LOWER:g}-{mle.UPPER:g}); {needed}")
    return fit


def _checked(text: str, source: str) -> str:
    """The fragment, if `policysim check` would accept it pasted into a study; else a UserError."""
    try:
        parse_experiment("[variants.x]\nbaseline = true\n" + text, "the fitted segment")
    except ConfigError as exc:
        raise UserError(f"{source}: the fit cannot be written as a segment: {exc}") from None
    return text


def _load_curve(args: argparse.Namespace) -> tuple[ObservedCurve, str]:
    if (args.data is None) == (args.survival is None):
        raise UserError("calibrate sbg: give exactly one of DATA or --survival")
    if args.survival is not None:
        return parse_curve_list(args.survival), "--survival"
    return read_curve_csv(args.data), args.data


def _sbg_text(result: dict[str, Any], source: str, last: int) -> str:
    lines = [f"sBG fit to {source}: {last + 1} points, one per {result['period']}, "
             f"cohort of {result['cohort_size']:g}"]
    lines += _param_lines(result, SBG_NAMES)
    lines.append(f"  log-likelihood {result['loglik']:.2f}")
    if result["projection"]:
        lines.append("projected survival:")
        lines += [f"  {result['period']} {last + k}: {v:.1f}%" for k, v in enumerate(result["projection"], 1)]
    return "\n".join(lines)


def execute_transactions(args: argparse.Namespace) -> int:
    _check_target(args)
    end = _end_date(args.calibration_end) if args.calibration_end else None
    purchases = read_log(args.file, args.format, args.force)
    end = end or date_range(purchases)[1]
    summary = summarize(purchases, end, args.time_unit, args.file)
    transactions.check_fittable(summary, args.file)
    _progress(summary, "fitting BG/NBD")
    purchase_fit = _identified(bgnbd.fit(summary.x, summary.t_x, summary.T), BGNBD_NAMES, args.file, LOG_NEEDS)
    _progress(summary, "fitting Gamma-Gamma")
    spend_fit = _identified(gamma_gamma.fit(summary.x, summary.mean_value), GG_NAMES, args.file, LOG_NEEDS)
    result = {
        "customers": len(summary.customers), "time_unit": args.time_unit, "calibration_end": end.isoformat(),
        "bgnbd": {**_named(purchase_fit, BGNBD_NAMES), "loglik": purchase_fit.loglik},
        "gamma_gamma": {**_named(spend_fit, GG_NAMES), "loglik": spend_fit.loglik,
                        "mean_spend": gamma_gamma.expected_mean_value(spend_fit.params)},
        "holdout": _holdout(purchase_fit, summary, end) if args.calibration_end else None,
    }
    spend = result["gamma_gamma"]["mean_spend"]
    segment = fragment.bgnbd_segment(purchase_fit.params, args.time_unit, spend, args.file)
    text = _checked(segment, args.file) if args.write_config else None
    print(json.dumps(result, indent=2) if args.json else _transactions_text(result, summary, args.file))
    if text is not None:
        _write(args.write_config, text, args.force)
    return 0


def _progress(summary: TransactionSummary, stage: str) -> None:
    """A line on stderr before a fit that takes a while (seconds per 10,000 customers)."""
    if len(summary.customers) >= 10_000:
        print(f"{stage} to {len(summary.customers):,} customers ...", file=sys.stderr, flush=True)


def _end_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--calibration-end: cannot parse date {text!r} (expected YYYY-MM-DD)") from None


def _holdout(fit: Fit, summary: TransactionSummary, end: date) -> dict[str, Any]:
    """Predicted (conditional expectation per customer) against actual repeat purchases."""
    expected = bgnbd.expected_holdout(fit.params, summary.x, summary.t_x, summary.T, summary.holdout_length)
    by_frequency = []
    for k in range(8):
        mask = summary.x == k if k < 7 else summary.x >= 7
        if mask.any():
            by_frequency.append({"x": k if k < 7 else "7+", "customers": int(mask.sum()),
                                 "actual_mean": float(summary.holdout[mask].mean()),
                                 "predicted_mean": float(expected[mask].mean())})
    days = round(summary.holdout_length * DAYS_PER_UNIT[summary.unit])
    return {"start": (end + timedelta(days=1)).isoformat(), "end": (end + timedelta(days=days)).isoformat(),
            "length": summary.holdout_length, "predicted": float(expected.sum()),
            "actual": int(summary.holdout.sum()), "by_frequency": by_frequency}


def _transactions_text(result: dict[str, Any], summary: TransactionSummary, source: str) -> str:
    unit = result["time_unit"]
    lines = [f"{source}: {result['customers']} customers, {int(summary.x.sum())} repeat transactions "
             f"by the calibration end {result['calibration_end']} (time unit: {unit})",
             "BG/NBD (purchase rate ~ Gamma(r, alpha), dropout ~ Beta(a, b)):"]
    lines += _param_lines(result["bgnbd"], BGNBD_NAMES)
    lines.append(f"  log-likelihood {result['bgnbd']['loglik']:.2f}")
    lines.append(f"Gamma-Gamma ({int(np.sum((summary.x > 0) & (summary.mean_value > 0)))} repeat buyers, "
                 "mean repeat transaction value):")
    lines += _param_lines(result["gamma_gamma"], GG_NAMES)
    lines.append(f"  log-likelihood {result['gamma_gamma']['loglik']:.2f}")
    lines.append(f"  mean spend per transaction {result['gamma_gamma']['mean_spend']:.2f}")
    lines += _holdout_lines(result["holdout"], unit)
    return "\n".join(lines)


def _holdout_lines(holdout: dict[str, Any] | None, unit: str) -> list[str]:
    if holdout is None:
        return ["holdout: none (give --calibration-end to keep later purchases for a check)"]
    diff = 100 * (holdout["predicted"] / holdout["actual"] - 1) if holdout["actual"] else math.nan
    lines = [f"holdout {holdout['start']} to {holdout['end']} ({holdout['length']:g} {unit}s): "
             f"predicted {holdout['predicted']:.1f} repeat transactions, actual {holdout['actual']} ({diff:+.1f}%)",
             "  calibration repeats  customers  actual mean  predicted mean"]
    lines += [f"  {row['x']!s:>18}  {row['customers']:>9}  {row['actual_mean']:>11.3f}  {row['predicted_mean']:>14.3f}"
              for row in holdout["by_frequency"]]
    return lines


def _named(fit: Fit, names: tuple[str, ...]) -> dict[str, Any]:
    """Parameters by name plus `std_errors` (None where the Hessian gave none)."""
    values: dict[str, Any] = {n: float(v) for n, v in zip(names, fit.params)}
    values["std_errors"] = {n: (float(s) if np.isfinite(s) else None) for n, s in zip(names, fit.std_errors)}
    return values


def _param_lines(values: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    ses = {n: "n/a" if se is None else f"{se:.4f}" for n, se in values["std_errors"].items()}
    return [f"  {n:<6} {values[n]:10.4f}  (se {ses[n]})" for n in names]


def _write(path: str, text: str, force: bool) -> None:
    """Write the fragment whole or not at all; the note goes to stderr so --json stays parseable.

    The target is checked again here: it may have appeared while the fit ran.
    """
    target = Path(path)
    if target.exists() and not force:
        raise UserError(f"--write-config: {path} already exists; give another name, or --force to overwrite it")
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        target.with_name(f".{target.name}.tmp").unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write the config fragment ({exc.__class__.__name__})") from None
    print(f"wrote {path}", file=sys.stderr)
