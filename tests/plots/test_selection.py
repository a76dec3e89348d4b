"""Which variants a plot draws, and their groups, for a study with many variants."""

from pathlib import Path

from sim.config.load import load_experiment, parse_experiment
from sim.plots.selection import MAX_GROUP, _chunked, _shared
from sim.plots.timeline import ANNOUNCED, IN_FORCE, OLD_PRICE_ENDS, change_marks

PRICE_INCREASE = Path(__file__).parents[2] / "configs" / "price_increase.toml"


def test_default_groups_are_the_variants_that_differ_in_one_lever_only():
    config = load_experiment(PRICE_INCREASE).config
    others = [v for v in config.variants if v != "no_change"]
    groups = _chunked(_shared(config, others), others, named=False)
    assert [g.title for g in groups] == ["raise at once", "raise notice", "raise grandfathered"]
    assert groups[1].variants == ["raise_10_notice", "raise_20_notice", "raise_40_notice", "raise_60_notice"]


def test_a_group_too_big_for_one_facet_splits_evenly_and_says_so():
    members = [f"raise_{i}" for i in range(MAX_GROUP + 2)]
    groups = _chunked(dict.fromkeys(members, "raise"), members, named=True)
    assert [len(g.variants) for g in groups] == [(MAX_GROUP + 2) // 2] * 2
    assert [g.title for g in groups] == ["raise (1 of 2)", "raise (2 of 2)"]
    whole = _chunked(dict.fromkeys(members[:MAX_GROUP], "raise"), members[:MAX_GROUP], named=True)
    assert [g.title for g in whole] == ["raise"]


def test_a_named_group_is_presentation_only_and_leaves_the_config_hash_alone():
    text = PRICE_INCREASE.read_text(encoding="utf-8")
    grouped = text.replace('[variants.raise_10_notice]\n', '[variants.raise_10_notice]\ngroup = "small rises"\n')
    plain, named = parse_experiment(text, "a.toml"), parse_experiment(grouped, "b.toml")
    assert named.config.variants["raise_10_notice"].group == "small rises"
    assert named.config_hash == plain.config_hash


def test_changes_are_marked_at_announcement_effect_and_end_of_grandfathering():
    config = load_experiment(PRICE_INCREASE).config
    marks = change_marks(config, ["raise_20_notice", "raise_20_grandfathered"])
    kinds = {(m.kind, round(m.month, 1)) for m in marks}
    assert kinds == {(ANNOUNCED, round(12 - 50 / (365 / 12), 1)), (IN_FORCE, 12.0), (OLD_PRICE_ENDS, 18.0)}


def test_ten_thousand_changes_make_few_marks():
    config = load_experiment(PRICE_INCREASE).config
    variant = config.variants["raise_10_at_once"]
    change = variant.changes[0]
    many = variant.model_copy(update={"changes": tuple(change.model_copy(update={"at_month": 12 + (i % 24)})
                                                       for i in range(10_000))})
    bigger = config.model_copy(update={"variants": {**config.variants, "raise_10_at_once": many}})
    marks = change_marks(bigger, ["raise_10_at_once"])
    assert len(marks) == 24 and sum(m.count for m in marks) == 24
