"""The event engine: the calendar keeps SimPy's order of events, and runs leave no cyclic garbage."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import load_experiment
from sim.model.calendar import CalendarEnvironment
from sim.model.gc_pause import paused_gc
from sim.model.world import RunSpec, World

CONFIGS = sorted(Path(__file__).resolve().parents[2].glob("configs/*.toml"))


def processing_order(env: simpy.Environment, delays: list[tuple[float, list[float]]]) -> list[tuple[float, int]]:
    """Processes that wait given delays (some zero, some tied, some far), logging (time, id) per wake-up."""
    log: list[tuple[float, int]] = []

    def proc(pid: int, start: float, gaps: list[float]):
        yield env.timeout(start)
        log.append((env.now, pid))
        for gap in gaps:
            yield env.timeout(gap)
            log.append((env.now, pid))

    for pid, (start, gaps) in enumerate(delays):
        env.process(proc(pid, start, gaps))
    env.run(until=500.0)
    return log


delay = st.one_of(st.just(0.0), st.sampled_from([0.5, 1.0, 1 / 64, 30.4166]), st.floats(0.0, 40.0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(delay, st.lists(delay, max_size=12)), min_size=1, max_size=25))
def test_calendar_processes_events_in_simpys_order(delays: list[tuple[float, list[float]]]) -> None:
    assert processing_order(CalendarEnvironment(), delays) == processing_order(simpy.Environment(), delays)


def deed_order(env: simpy.Environment, chains: list[list[float]]) -> list[tuple[float, int, int]]:
    """Chains of deeds, each scheduling the next after a gap (some zero, some within the slice),
    logging (time, chain, link): on the calendar with `after`, on SimPy as a timeout's callback."""
    log: list[tuple[float, int, int]] = []

    def later(delay: float, chain: int, link: int) -> None:
        if isinstance(env, CalendarEnvironment):
            env.after(delay, fire, (chain, link))
        else:
            env.timeout(delay).callbacks.append(lambda _: fire(chain, link))

    def fire(chain: int, link: int) -> None:
        log.append((env.now, chain, link))
        if link + 1 < len(chains[chain]):
            later(chains[chain][link + 1], chain, link + 1)

    for chain, gaps in enumerate(chains):
        later(gaps[0], chain, 0)
    env.run(until=500.0)
    return log


tiny = st.sampled_from([0.0, 1e-4, 1 / 128, 1 / 64])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(delay, tiny), min_size=1, max_size=12), min_size=1, max_size=25))
def test_calendar_processes_deeds_in_simpys_order(chains: list[list[float]]) -> None:
    assert deed_order(CalendarEnvironment(), chains) == deed_order(simpy.Environment(), chains)


def test_calendar_peek_and_empty_schedule() -> None:
    env = CalendarEnvironment()
    assert env.peek() == float("inf")
    env.timeout(1000.0)
    assert env.peek() == 1000.0
    env.step()
    assert env.now == 1000.0
    with pytest.raises(simpy.core.EmptySchedule):
        env.step()


@pytest.mark.slow
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_runs_make_no_cyclic_garbage(config: Path) -> None:
    """Why the collector may be paused during a run: every example study frees all it allocates."""
    cfg = load_experiment(config).config
    for variant in cfg.variants.values():
        world = World(RunSpec(cfg.scenario, variant, 1, 0, 120.0))
        gc.collect()
        with paused_gc():
            world.start()
            world.env.run(until=120.0)
            world.finish()
            assert gc.collect() == 0


def test_calendar_raises_a_failed_process_and_runs_on_after_a_stop() -> None:
    env = CalendarEnvironment()

    def fails():
        yield env.timeout(2.0)
        raise KeyError("boom")

    env.process(fails())
    env.run(until=1.0)
    assert env.now == 1.0
    with pytest.raises(KeyError, match="boom"):
        env.run(until=5.0)
    assert env.now == 2.0
