"""Studies that say only what differs: `extends`, `remove_changes`, `[[scenario.changes]]` and
prices relative to the one in force (sim/config/inherit.py, sim/config/relative.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sim.config import parse_experiment
from sim.runner import Task, execute

HEAD = """
[experiment]
name = "short"
replications = 1
seed = 3
horizon_days = 240

[scenario.customers]
initial = 40
marketing_prospects_per_month = 6

[scenario.catalogue]
titles = 30
"""

BASE = HEAD + """
[variants.base]
baseline = true
description = "the base"
pricing = { model = "subscription", monthly_fee = 12.99, titles_at_home = 2 }
retention = { tactic = "postcard" }
[[variants.base.changes]]
at_month = 2
label = "rise"
set = { "pricing.monthly_fee" = 14.99 }
[[variants.base.changes]]
at_month = 5
label = "cards off"
set = { "retention.tactic" = "none" }
"""


def variants(text: str) -> dict:
    return parse_experiment(text).config.variants


def test_extends_takes_levers_and_changes_and_sets_its_own_keys_over_them() -> None:
    got = variants(BASE + """
[variants.child]
extends = "base"
pricing = { titles_at_home = 3 }
""")
    base, child = got["base"], got["child"]
    assert child.pricing.monthly_fee == 12.99 and child.pricing.titles_at_home == 3
    assert child.retention == base.retention and child.changes == base.changes
    assert not child.baseline and child.description == ""


def test_a_change_with_an_inherited_label_replaces_it_and_remove_changes_drops_one() -> None:
    got = variants(BASE + """
[variants.child]
extends = "base"
remove_changes = ["cards off"]
changes = [{ label = "rise", notice_days = 20 }, { at_month = 7, set = { "sales.style" = "aggressive" } }]
""")["child"]
    assert [(c.label, c.day, c.notice_days) for c in got.changes] == [("rise", got.changes[0].day, 20.0),
                                                                        ("", got.changes[1].day, 0.0)]
    assert got.changes[0].set == {"pricing.monthly_fee": 14.99}


def test_a_new_pricing_model_in_the_child_replaces_the_inherited_table() -> None:
    got = variants(BASE + """
[variants.child]
extends = "base"
pricing = { model = "per_rental", rental_fee = 3.0 }
changes = [{ label = "rise", set = { "pricing.rental_fee" = 3.5 } }]
""")["child"]
    assert got.pricing.model == "per_rental" and got.pricing.rental_fee == 3.0


def test_extends_of_extends_in_any_file_order() -> None:
    got = variants(BASE + """
[variants.grandchild]
extends = "child"
remove_changes = ["rise"]
[variants.child]
extends = "base"
sales = { style = "aggressive" }
""")
    assert got["grandchild"].sales.style == "aggressive"
    assert [c.label for c in got["grandchild"].changes] == ["cards off"]


def test_the_expanded_study_equals_the_study_written_out() -> None:
    short = parse_experiment(BASE + """
[variants.child]
extends = "base"
description = "later"
changes = [{ label = "rise", at_month = 3 }]
""").config
    long = parse_experiment(BASE + """
[variants.child]
description = "later"
pricing = { model = "subscription", monthly_fee = 12.99, titles_at_home = 2 }
retention = { tactic = "postcard" }
[[variants.child.changes]]
at_month = 3
label = "rise"
set = { "pricing.monthly_fee" = 14.99 }
[[variants.child.changes]]
at_month = 5
label = "cards off"
set = { "retention.tactic" = "none" }
""").config
    assert short == long


def test_scenario_changes_come_in_every_variant_after_its_own() -> None:
    got = variants(BASE + """
[variants.child]
extends = "base"
remove_changes = ["rise"]

[[scenario.changes]]
at_month = 6
label = "shock"
set = { "pricing.titles_at_home" = 1 }
""")
    assert [c.label for c in got["base"].changes] == ["rise", "cards off", "shock"]
    assert [c.label for c in got["child"].changes] == ["cards off", "shock"]


def relative(fee: str, at_month: int = 2) -> str:
    return HEAD + f"""
[variants.base]
baseline = true
pricing = {{ model = "subscription", monthly_fee = 12.99 }}
[[variants.base.changes]]
at_month = {at_month}
set = {{ "pricing.monthly_fee" = {fee} }}
"""


def test_plus_15_percent_of_12_99_is_14_9385_with_the_same_results() -> None:
    by_words, by_hand = parse_experiment(relative('"+15%"')).config, parse_experiment(relative("14.9385")).config
    assert by_words.variants["base"].changes[0].set["pricing.monthly_fee"] == 14.9385
    assert by_words == by_hand
    task = Task(0, 0, "base")
    assert execute(by_words, task, 3).kpis == execute(by_hand, task, 3).kpis


def test_a_relative_price_is_relative_to_the_price_in_force_at_its_day() -> None:
    got = variants(HEAD + """
[variants.base]
baseline = true
pricing = { model = "menu", plans.a = { model = "subscription", monthly_fee = 20.0 } }
[[variants.base.changes]]
at_month = 6
set = { "pricing.plans.a.monthly_fee" = "-10%" }
[[variants.base.changes]]
at_month = 2
set = { "pricing.plans.a.monthly_fee" = "+50%" }
""")["base"]
    assert [c.set["pricing.plans.a.monthly_fee"] for c in got.changes] == [27.0, 30.0]


def test_a_rival_may_change_its_price_by_a_percentage() -> None:
    config = parse_experiment(BASE + """
[scenario.rivals.r]
pricing = { model = "subscription", monthly_fee = 10.0 }
changes = [{ at_month = 3, set = { "pricing.monthly_fee" = "+5%" } }]
""").config
    assert config.scenario.rivals["r"].changes[0].set["pricing.monthly_fee"] == 10.5


@pytest.mark.parametrize("extra, expected", [
    ('[variants.child]\nextends = "nobody"', "variants.child.extends: unknown variant 'nobody'; allowed: base"),
    ('[variants.a]\nextends = "b"\n[variants.b]\nextends = "a"', "variants.b.extends: variants extend each "
     "other in a cycle: a -> b -> a"),
    ('[variants.a]\nextends = "a"', "variants.a.extends: variants extend each other in a cycle: a -> a"),
    ('[variants.child]\nextends = "base"\nremove_changes = ["fall"]', "variants.child.remove_changes.0: no "
     "inherited change is labelled 'fall'; inherited labels: 'rise', 'cards off'"),
    ('[variants.child]\nremove_changes = ["rise"]', "variants.child.remove_changes: needs extends"),
    ('[variants.child]\nextends = "base"\nremove_changes = "rise"', "variants.child.remove_changes: must be a list"),
    ('[scenario]\nchanges = 3', "scenario.changes: must be an array of tables"),
    ('[[scenario.changes]]\nset = { "sales.style" = "aggressive" }', "scenario.changes.0: give exactly one of "
     "at_month or at_day"),
])
def test_bad_inheritance_is_refused(config_error: Callable[..., None], extra: str, expected: str) -> None:
    config_error(BASE + extra, expected)


@pytest.mark.parametrize("fee, expected", [
    ('"15%"', "'15%' is not a price; give a number, or a change relative to the price in force: \"+15%\""),
    ('"+15"', "'+15' is not a price"),
    ('"+ 15 %"', "'+ 15 %' is not a price"),
])
def test_a_bad_relative_price_is_refused_with_the_allowed_form(config_error: Callable[..., None], fee: str,
                                                               expected: str) -> None:
    config_error(relative(fee), f"variants.base.changes.0.set.pricing.monthly_fee: {expected}")


def test_a_percentage_of_what_is_not_a_price_is_refused(config_error: Callable[..., None]) -> None:
    text = relative("13.0").replace('"pricing.monthly_fee" = 13.0', '"pricing.titles_at_home" = "+50%"')
    config_error(text, "variants.base.changes.0.set.pricing.titles_at_home: '+50%': only a price can change")


def test_the_json_schema_has_the_keys_an_editor_meets(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from sim.cli import main

    assert main(["schema"]) == 0
    defs = json.loads(capsys.readouterr().out)["$defs"]
    assert {"extends", "remove_changes"} <= set(defs["Variant"]["properties"])
    assert defs["Scenario"]["properties"]["changes"]["items"] == {"$ref": "#/$defs/Change"}


def test_the_guides_example_reads_as_it_says() -> None:
    from pathlib import Path

    guide = Path(__file__).parents[2] / "docs" / "guides" / "short-studies.md"
    example = guide.read_text(encoding="utf-8").split("```toml\n")[1].split("```")[0]
    got = parse_experiment(example).config.variants
    notice = got["raise_20_notice"].changes
    assert [c.label for c in notice] == ["+20%", "a fifth of the stores close"]
    assert notice[0].notice_days == 50 and notice[0].set["pricing.rental_fee"] == 4.788


def test_a_relative_price_in_a_scenario_change_is_each_variants_own() -> None:
    got = variants(HEAD + """
[variants.cheap]
baseline = true
pricing = { model = "subscription", monthly_fee = 10.0 }
[variants.dear]
extends = "cheap"
pricing = { monthly_fee = 20.0 }

[[scenario.changes]]
at_month = 4
label = "costs pass through"
set = { "pricing.monthly_fee" = "+10%" }
""")
    assert [v.changes[0].set["pricing.monthly_fee"] for v in got.values()] == [11.0, 22.0]
