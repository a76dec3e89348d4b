"""`policysim validate`: every case of docs/design.md is in the table, the quick mode passes and exits 0,
and a deliberately broken expectation fails its case and makes the exit code 1."""

from __future__ import annotations

from functools import partial

import pytest

from sim.cli import main
from sim.validation import erlang_c, history, loop_closed, published, sbg_survival
from sim.calibration.posterior import read_posterior
from sim.validation.check import Check
from sim.validation.runs import shipped_config
from sim.validation.work import Work
from sim.validation.suite import CASES, Case

DESIGN_CASES = ("sBG survival", "Little's law", "M/M/infinity", "Erlang C", "TARP", "Calibration target",
                "Netflix 2011", "Published fit", "Loop closed", "History 2000-2004", "Netflix 2014", "Netflix 2016")
CHEAP = (sbg_survival, erlang_c, published, loop_closed)


def test_every_design_case_is_registered():
    assert len(CASES) == len(DESIGN_CASES)
    assert all(case.name.startswith(name) for case, name in zip(CASES, DESIGN_CASES))


@pytest.mark.parametrize("module", CHEAP, ids=lambda m: m.NAME)
def test_cheap_cases_pass_in_quick_mode(module):
    checks = module.run(True)
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]


@pytest.mark.parametrize("broken", [
    partial(sbg_survival.run, alpha=0.5),
    partial(erlang_c.run, p_wait=0.9),
    partial(published.run, bgnbd_published={"r": 0.25, "alpha": 4.414, "a": 0.793, "b": 2.426}),
    partial(loop_closed.run, nbd_truth=(1.0, 0.5)),
], ids=["sbg", "erlang", "bgnbd", "loop"])
def test_a_broken_expectation_fails_its_case(broken):
    assert not all(c.passed for c in broken(True))


def test_a_failing_case_makes_exit_code_1(tmp_path, monkeypatch, capsys):
    cases = (Case(erlang_c.NAME, erlang_c.run), Case("broken Erlang C", partial(erlang_c.run, mean_wait=30.0)))
    monkeypatch.setattr("sim.commands.validate.CASES", cases)
    assert main(["validate", "--quick", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "1 check(s) FAIL" in out
    assert "FAIL" in (tmp_path / "validation.html").read_text()


def test_a_miss_of_a_case_not_fitted_yet_is_shown_not_counted(tmp_path, monkeypatch, capsys):
    miss = Check("open case", "1", "2", "[2, 2]", False, "by hand", fitted=False)
    cases = (Case(erlang_c.NAME, erlang_c.run), Case("open case", lambda quick, work: [miss]))
    monkeypatch.setattr("sim.commands.validate.CASES", cases)
    assert main(["validate", "--quick", "--out", str(tmp_path)]) == 0
    assert "MISS (not fitted yet)" in capsys.readouterr().out
    assert "Not counted" in (tmp_path / "validation.html").read_text()


def test_a_posterior_runs_the_documented_cases_with_its_sets_and_counts_them(tmp_path, capsys):
    sample = tmp_path / "post.csv"
    sample.write_text("set,weight,scenario.customers.price_sensitivity_scale\n0,1,0.25\n", encoding="utf-8")
    behaviour = read_posterior(sample, shipped_config("netflix_2014.toml").config)
    cfg = shipped_config("netflix_2014.toml").config
    drawn = Work(behaviour=behaviour).configs(cfg, 2)
    assert [c.scenario.customers.price_sensitivity_scale for c in drawn] == [0.25, 0.25]
    assert Work().configs(cfg, 2) == [cfg, cfg]
    main(["validate", "--quick", "--case", "netflix_2014", "--posterior", str(sample), "--out", str(tmp_path)])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Netflix 2014"))
    assert "not fitted" not in line and line.rstrip().endswith(("pass", "FAIL"))


@pytest.mark.slow
def test_passing_cases_exit_0_and_write_the_page(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sim.commands.validate.CASES", tuple(c for c in CASES if c.name in
                                                             {m.NAME for m in CHEAP}))
    assert main(["validate", "--quick", "--out", str(tmp_path)]) == 0
    assert "all checks pass" in capsys.readouterr().out
    page = (tmp_path / "validation.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "src=\"http" not in page


@pytest.mark.slow
def test_quick_mode_passes_with_every_case_in_the_table(tmp_path, capsys):
    assert main(["validate", "--quick", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    for name in DESIGN_CASES:
        assert name in table, name
    assert "FAIL" not in table


def test_case_runs_only_the_cases_named(tmp_path, capsys):
    assert main(["validate", "--quick", "--case", "erlang_c", "--case", "published", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "Erlang C" in table and "Published fit" in table and "TARP" not in table and "History" not in table


def test_an_unknown_case_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--case", "nope"])
    assert exit_.value.code == 2 and "history" in capsys.readouterr().err


@pytest.mark.slow
def test_the_history_replay_meets_its_calibration_figures():
    """The replay's calibration cannot silently drift: every figure within its stated tolerance."""
    checks = history.run(True)
    assert len(checks) == 15 and not any(c.counts_against for c in checks), [c for c in checks if not c.passed]
    assert sum(not c.fitted for c in checks) == len(history.OPEN)  # shown, not counted: open in issue 29
