"""A workshop rerun after one change, against the first run of the same study, side by side.

Run as `python bench/workshop.py [--workers 1] [--studies configs/duel.toml ...]`. For each study a
fresh session runs it as opened (first), then again with one variant's fee raised 10% (second): the
second recomputes only that variant and copies the rest from the first (sim/workshop/reuse.py).
Both are timed from the click to the first answer on the page (one whole replication), to the whole
answer (every replication merged; first_s and second_s), and to the end of the plots and report. The workshop always runs a study in quick mode, so this does too.
Figures are printed and written as bench/results/workshop-<stamp>.json (kept out of git); the
target is second_s / first_s <= 0.4 for the headline and the duel.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim.workshop.app import Workshop
from sim.workshop.jobs import Runner, WorkshopRun
from sim.workshop.paths import Roots

ROOT = Path(__file__).resolve().parent.parent
STUDIES = ("configs/blockbuster_vs_netflix.toml", "configs/duel.toml")
FEES = ("monthly_fee", "rental_fee")
TARGET = 0.4


def one_fee_raised(app: Workshop, ref: str) -> tuple[dict[str, Any], str]:
    """A submission raising the fee of the study's first non-baseline variant that has one by 10%."""
    view = app.study(ref)
    for name, variant in view["variants"].items():
        pricing = variant["values"]["pricing"]
        fee = next((f for f in FEES if f in pricing), None)
        if not variant["baseline"] and fee:
            return {"study": ref, "variants": {name: {"pricing": {"model": pricing["model"], fee: "+10%"}}}}, name
    raise SystemExit(f"{ref}: no variant with a fee to change")


def timed(app: Workshop, body: dict[str, Any]) -> dict[str, float]:
    """Seconds from the click to the first answer (one whole replication), to the whole answer, and to
    the plots and report."""
    start = time.perf_counter()
    run: WorkshopRun = app.runner.get(app.run(body)["id"])
    first = answer = None
    while run.state in ("queued", "running"):
        now = time.perf_counter() - start
        if first is None and run.replications_in:
            first = now
        if answer is None and run.replications and run.replications_in == run.replications:
            answer = now
        time.sleep(0.05)
    if run.state != "done":
        raise SystemExit(f"run {run.id} {run.state}: {run.error}")
    done = time.perf_counter() - start
    return {"first_answer_s": round(first or done, 2), "answer_s": round(answer or done, 2), "done_s": round(done, 2), "reused": run.reused,
            "tasks": run.total - 1}


def bench(ref: str, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as tmp:
        runner = Runner(Path(tmp) / "session", workers)
        app = Workshop(Roots(ROOT / "configs", Path(tmp)), runner)
        try:
            runner._pool.submit(int).result()  # the warmed-up workers: not the first run's cost
            first = timed(app, {"study": ref})
            body, variant = one_fee_raised(app, ref)
            second = timed(app, body)
        finally:
            runner.close()
    return {"study": ref, "changed": f"{variant}: fee +10%", "first": first, "second": second,
            "first_s": first["answer_s"], "second_s": second["answer_s"],
            "ratio": round(second["answer_s"] / first["answer_s"], 3),
            "ratio_with_plots": round(second["done_s"] / first["done_s"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--studies", nargs="+", default=list(STUDIES))
    args = parser.parse_args()
    rows = [bench(ref, args.workers) for ref in args.studies]
    for r in rows:
        print(f"{r['study']}: first {r['first_s']} s, second {r['second_s']} s ({r['changed']}), "
              f"ratio {r['ratio']} (target <= {TARGET}); with plots {r['first']['done_s']} -> "
              f"{r['second']['done_s']} s, ratio {r['ratio_with_plots']}; first answer after "
              f"{r['first']['first_answer_s']} and {r['second']['first_answer_s']} s")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = ROOT / "bench" / "results" / f"workshop-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"workers": args.workers, "mode": "quick (the workshop's)", "python": platform.python_version(),
            "machine": platform.machine(), "target_ratio": TARGET}
    out.write_text(json.dumps({**meta, "studies": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
