"""Every variant of a replication meets the same customers at the same times.

The initial base here is fresh (the same prospects in every variant); a steady base is each
variant's own running business, the same only for identical levers (tests/model/test_steady_start.py)."""

from __future__ import annotations

from sim.config import parse_experiment
from sim.model.world import RunSpec, World

CONFIG = """
[scenario.customers]
initial = 40
initial_base = "fresh"
marketing_prospects_per_month = 30
[variants.late_fees]
baseline = true
[variants.no_late_fees.pricing]
enforcement = "none"
[variants.subscription.pricing]
model = "subscription"
monthly_fee = 9.99
"""


def _world(name: str, replication: int = 0) -> World:
    cfg = parse_experiment(CONFIG).config
    world = World(RunSpec(cfg.scenario, cfg.variants[name], 99, replication, 200.0))
    world.run()
    return world


def test_variants_share_customers_and_arrival_times() -> None:
    worlds = [_world(n) for n in ("late_fees", "no_late_fees", "subscription")]
    initial = [[(c.id, c.traits, c.join_day) for c in w.ours.customers if c.channel == "initial"] for w in worlds]
    assert initial[0] == initial[1] == initial[2]
    assert len(initial[0]) == 40
    joined = [{c.id: (c.traits, c.join_day) for c in w.ours.customers if c.channel == "marketing"} for w in worlds]
    common = set(joined[0]) & set(joined[1]) & set(joined[2])
    assert len(common) > 20
    for cid in common:
        assert joined[0][cid] == joined[1][cid] == joined[2][cid]


def test_replications_differ() -> None:
    a, b = _world("late_fees", 0), _world("late_fees", 1)
    assert [c.traits for c in a.ours.customers[:40]] != [c.traits for c in b.ours.customers[:40]]


def test_a_leaver_draws_from_fresh_streams_never_its_old_ones_again() -> None:
    cfg = parse_experiment(CONFIG).config
    world = World(RunSpec(cfg.scenario, cfg.variants["late_fees"], 99, 0, 200.0))
    world.start()
    c = world.ours.customers[0]
    first = world.ours.rng_for(c, "service").random()
    world.ours.leave(c, "baseline", 0.0)
    assert c.behaviour is None and c.churn_rng is None and not c.streams
    after = world.ours.rng_for(c, "service").random()
    restarted = world.ours.customer_stream("service", c.id).random()
    fresh = world.ours.customer_stream("service.after_leaving", c.id).random()
    assert after == fresh and after != restarted == first


def test_the_kth_visit_and_review_see_the_same_draws_in_every_store_variant() -> None:
    """Late fees change stockouts, substitutes and complaints, so the two variants use different
    numbers of draws per visit; with planned draws the visits stay in step all the same."""
    worlds = [_world(n) for n in ("late_fees", "no_late_fees")]
    active = [{c.id: c for c in w.ours.customers if c.active and c.channel == "initial"} for w in worlds]
    both = set(active[0]) & set(active[1])
    assert len(both) > 10
    for cid in both:
        a, b = active[0][cid], active[1][cid]
        assert (a.visit_slot, a.visit_plan) == (b.visit_slot, b.visit_plan)
        assert (a.tenure_months, a.review_plan) == (b.tenure_months, b.review_plan)
    stockouts = [sum(w.ours.counters.series("stockouts")) for w in worlds]
    assert stockouts[0] != stockouts[1]  # the variants did differ in what the visits found
