"""Throughput benchmark: the model against a bare SimPy loop, and one replication at three scales.

Run as `python bench/throughput.py [--scales 1000,10000,100000] [--workers-check]`. An "event" is
one SimPy event processed (one `env.step()`), counted the same way for the bare loop and for the
model. Each scale point runs in a fresh process so its peak memory (max RSS) is its own. Figures
are printed and written as JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import time
from datetime import datetime, timezone
from pathlib import Path

import simpy

from sim.config import load_experiment
from sim.model.clock import MONTH
from sim.model.gc_pause import paused_gc
from sim.model.world import RunSpec, World

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
HORIZON = 1095.0


def step_until(env: simpy.Environment, horizon: float) -> int:
    """Process events one by one up to the horizon; the number processed."""
    n = 0
    while env.peek() < horizon:
        env.step()
        n += 1
    return n


def bare_loop(processes: int = 2000, mean_gap: float = 1.0) -> tuple[int, float]:
    """Processes that only wait: the floor of what SimPy costs per event."""
    env = simpy.Environment()

    def ticker(offset: float):
        gap = mean_gap * (0.5 + offset)
        while True:
            yield env.timeout(gap)

    for i in range(processes):
        env.process(ticker(i / processes))
    start = time.perf_counter()
    events = step_until(env, 300.0)
    return events, time.perf_counter() - start


def headline_world(variant: str, initial: int | None = None, replication: int = 0) -> World:
    """A World of the headline study, optionally resized: marketing, staff on shift and titles scale
    alike, so a bigger business is the same world with more of everything (copies already scale)."""
    cfg = load_experiment(HEADLINE).config
    scenario = cfg.scenario
    if initial is not None:
        cust = scenario.customers
        factor = initial / cust.initial
        staff = scenario.staff
        scenario = scenario.model_copy(update={
            "customers": cust.model_copy(update={
                "initial": initial, "marketing_prospects_per_month": cust.marketing_prospects_per_month * factor}),
            "staff": staff.model_copy(update={"on_shift": max(1, round(staff.on_shift * factor))}),
            "catalogue": scenario.catalogue.model_copy(
                update={"titles": max(1, round(scenario.catalogue.titles * factor))}),
        })
    return World(RunSpec(scenario, cfg.variants[variant], cfg.experiment.seed, replication, HORIZON))


def full_model() -> dict[str, float]:
    """Every variant of the headline study, one replication each, events counted."""
    events, seconds = 0, 0.0
    for variant in load_experiment(HEADLINE).config.variants:
        world = headline_world(variant)
        with paused_gc():
            start = time.perf_counter()
            world.start()
            events += step_until(world.env, HORIZON)
            world.finish()
            seconds += time.perf_counter() - start
    return {"events": events, "seconds": seconds, "events_per_second": events / seconds}


def one_scale(initial: int, queue: mp.Queue) -> None:
    """One replication of the baseline at a given initial base (in its own process)."""
    world = headline_world("late_fees", initial)
    with paused_gc():
        start = time.perf_counter()
        world.start()
        events = step_until(world.env, HORIZON)
        records = world.finish()
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"initial_customers": initial, "customers_ever": len(records.customers), "events": events,
               "seconds": seconds, "peak_memory_mb": peak_mb, "months": HORIZON / MONTH})


def scale(initial: int) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=one_scale, args=(initial, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1000,10000,100000", help="initial customers per scale point")
    args = parser.parse_args()
    bare_events, bare_seconds = bare_loop()
    bare = {"events": bare_events, "seconds": bare_seconds, "events_per_second": bare_events / bare_seconds}
    model = full_model()
    ratio = model["events_per_second"] / bare["events_per_second"]
    print(f"bare SimPy loop: {bare['events_per_second']:,.0f} events/s ({bare_events:,} events)")
    print(f"full model:      {model['events_per_second']:,.0f} events/s ({model['events']:,} events, "
          f"4 variants x 1 replication)")
    print(f"ratio model / bare: {ratio:.2f}")
    points = []
    for n in (int(x) for x in args.scales.split(",")):
        point = scale(n)
        points.append(point)
        print(f"{n:>7,} initial customers ({point['customers_ever']:,} ever): {point['seconds']:7.1f} s, "
              f"{point['events']:,} events, peak {point['peak_memory_mb']:,.0f} MB")
    if len(points) >= 2:
        growth = points[-1]["seconds"] / points[-2]["seconds"]
        size = points[-1]["initial_customers"] / points[-2]["initial_customers"]
        print(f"time growth {size:.0f}x customers -> {growth:.1f}x seconds")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = out / f"throughput-{stamp}.json"
    path.write_text(json.dumps({"bare": bare, "model": model, "ratio": ratio, "scales": points,
                                "machine": platform.platform(), "python": platform.python_version()},
                               indent=2) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
