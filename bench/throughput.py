"""Throughput benchmark: the model against a bare SimPy loop, one replication at three scales, and
the parallel speed-up of a study on two local workers.

Run as `python bench/throughput.py [--scales 1000,10000,100000] [--workers 2] [--repeat 3]`.

An "event" is one entry of the event calendar processed: a SimPy event, or one of the model's
deeds (a callback scheduled like a timeout, kept on the calendar as a bare tuple; see
sim.model.calendar). Every entry takes the next event id, so both loops count the same way: ids
handed out less entries still pending at the end (no counting inside the loop). The model runs on
the calendar environment, so the bare loop is timed on SimPy's own environment and on the
calendar. A steady day-0 base is drawn from a pre-history run before day 0 (sim.model.prehistory);
that set-up is timed apart and its events are not counted, as they are not on the run's calendar.
Each scale point runs in a fresh process so its peak memory (max RSS) is its own; with
`--repeat N` it runs N times and the median time stands for it. Figures are printed and written
as JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import simpy

from sim.config import load_experiment
from sim.model.calendar import CalendarEnvironment
from sim.clock import MONTH
from sim.model.gc_pause import paused_gc
from sim.model.prehistory import day0_levers, prehistory
from sim.model.world import RunSpec, World
from sim.runner import Task, execute

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
HORIZON = 1095.0


def processed(env: simpy.Environment) -> int:
    """Events processed so far: every event scheduled gets the next id, and is processed or pending."""
    scheduled = next(env._eid)  # the id the next event would get
    pending = env.pending() if isinstance(env, CalendarEnvironment) else len(env._queue)
    return scheduled - pending


def bare_loop(env: simpy.Environment, processes: int = 2000, mean_gap: float = 1.0) -> dict[str, float]:
    """Processes that only wait: the floor of what SimPy costs per event."""

    def ticker(offset: float):
        gap = mean_gap * (0.5 + offset)
        while True:
            yield env.timeout(gap)

    for i in range(processes):
        env.process(ticker(i / processes))
    start = time.perf_counter()
    env.run(until=300.0)
    seconds = time.perf_counter() - start
    events = processed(env)
    return {"events": events, "seconds": seconds, "events_per_second": events / seconds}


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


def prehistory_seconds(world: World) -> float:
    """Run (and cache) the pre-history a steady day-0 base draws from, timed apart: it is the set-up
    of a running business, not the run, and its events are not on the run's calendar."""
    spec = world.spec
    if spec.scenario.customers.initial_base != "steady" or not spec.scenario.customers.initial:
        return 0.0
    start = time.perf_counter()
    with paused_gc():
        prehistory(spec.scenario.model_dump_json(), day0_levers(spec.variant).model_dump_json(),
                   spec.root_seed, spec.replication)
    return time.perf_counter() - start


def timed_run(world: World) -> tuple[int, float, int, float]:
    """(events, seconds, customers ever, pre-history seconds) of one replication; the seconds count
    set-up and closing of the books, the pre-history apart."""
    before = prehistory_seconds(world)
    with paused_gc():
        start = time.perf_counter()
        world.start()
        world.env.run(until=HORIZON)
        records = world.finish()
        seconds = time.perf_counter() - start
    return processed(world.env), seconds, len(records.customers), before


def full_model() -> dict[str, float]:
    """Every variant of the headline study, one replication each, events counted."""
    events, seconds = 0, 0.0
    for variant in load_experiment(HEADLINE).config.variants:
        n, s, _, _ = timed_run(headline_world(variant))
        events += n
        seconds += s
    return {"events": events, "seconds": seconds, "events_per_second": events / seconds}


def one_scale(initial: int, queue: mp.Queue) -> None:
    """One replication of the baseline at a given initial base (in its own process)."""
    events, seconds, ever, before = timed_run(headline_world("late_fees", initial))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"initial_customers": initial, "customers_ever": ever, "events": events,
               "seconds": seconds, "microseconds_per_event": 1e6 * seconds / events, "prehistory_seconds": before,
               "peak_memory_mb": peak_mb, "months": HORIZON / MONTH})


def scale(initial: int) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=one_scale, args=(initial, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def repeated_scale(initial: int, repeat: int) -> dict[str, Any]:
    """The scale point `repeat` times, each in a fresh process: the median time stands for it (a
    large run's time varies by several percent from run to run on a shared machine)."""
    runs = [scale(initial) for _ in range(repeat)]
    each = [run["seconds"] for run in runs]
    point = dict(runs[0])
    point.update(seconds=statistics.median(each), seconds_each=each,
                 peak_memory_mb=max(run["peak_memory_mb"] for run in runs))
    point["microseconds_per_event"] = 1e6 * point["seconds"] / point["events"]
    return point


def parallel(workers: int, replications: int = 4) -> dict[str, float]:
    """Wall time of the same headline tasks serially and on a pool of `workers` processes."""
    loaded = load_experiment(HEADLINE)
    exp = loaded.config
    todo = [Task(0, rep, name) for rep in range(replications) for name in exp.variants]
    start = time.perf_counter()
    for task in todo:
        execute(exp, task, exp.experiment.seed)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        # one task per worker first: a spawned pool starts its workers only as tasks arrive
        list(pool.map(execute, [exp] * workers, todo[:workers], [exp.experiment.seed] * workers))
        start = time.perf_counter()
        list(pool.map(execute, [exp] * len(todo), todo, [exp.experiment.seed] * len(todo)))
        pooled = time.perf_counter() - start
    speedup = serial / pooled
    return {"tasks": len(todo), "workers": workers, "serial_seconds": serial, "parallel_seconds": pooled,
            "speedup": speedup, "efficiency": speedup / workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1000,10000,100000", help="initial customers per scale point")
    parser.add_argument("--workers", type=int, default=2, help="workers for the parallel speed-up (0: skip)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scale point; the median is reported")
    args = parser.parse_args()
    bare = bare_loop(simpy.Environment())
    bare_calendar = bare_loop(CalendarEnvironment())
    model = full_model()
    ratio = model["events_per_second"] / bare["events_per_second"]
    print(f"bare SimPy loop:          {bare['events_per_second']:>10,.0f} events/s ({bare['events']:,} events)")
    print(f"bare loop, calendar env.: {bare_calendar['events_per_second']:>10,.0f} events/s")
    print(f"full model:               {model['events_per_second']:>10,.0f} events/s ({model['events']:,} events, "
          f"4 variants x 1 replication, {model['seconds']:.2f} s)")
    print(f"ratio model / bare SimPy: {ratio:.2f}")
    points = []
    for n in (int(x) for x in args.scales.split(",")):
        point = repeated_scale(n, max(1, args.repeat))
        points.append(point)
        spread = ""
        if len(point["seconds_each"]) > 1:
            each = sorted(point["seconds_each"])
            spread = f" (median of {len(each)}: {each[0]:.1f} to {each[-1]:.1f})"
        print(f"{n:>7,} initial customers ({point['customers_ever']:,} ever): {point['seconds']:7.1f} s{spread}, "
              f"{point['events']:,} events ({point['microseconds_per_event']:.1f} us each), "
              f"peak {point['peak_memory_mb']:,.0f} MB; its pre-history, before: {point['prehistory_seconds']:.1f} s")
    if len(points) >= 2:
        growth = points[-1]["seconds"] / points[-2]["seconds"]
        size = points[-1]["initial_customers"] / points[-2]["initial_customers"]
        print(f"time growth {size:.0f}x customers -> {growth:.1f}x seconds")
    speed = parallel(args.workers) if args.workers > 1 else None
    if speed:
        print(f"parallel: {speed['tasks']} headline runs in {speed['serial_seconds']:.1f} s serially, "
              f"{speed['parallel_seconds']:.1f} s on {speed['workers']} workers: speed-up {speed['speedup']:.2f}, "
              f"efficiency {speed['efficiency']:.0%}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = out / f"throughput-{stamp}.json"
    path.write_text(json.dumps({"bare": bare, "bare_calendar": bare_calendar, "model": model, "ratio": ratio,
                                "scales": points, "parallel": speed, "machine": platform.platform(),
                                "cores": mp.cpu_count(), "python": platform.python_version()}, indent=2) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
