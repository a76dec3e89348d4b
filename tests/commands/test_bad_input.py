"""Bad input: one line naming the file and key path, exit 2, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main

OK_VARIANT = "[variants.a]\nbaseline = true\n"

CASES = {
    "malformed": ("[experiment\nname = 1", "malformed TOML"),
    "unknown_key": ("[experiment]\ncolour = 'red'\n" + OK_VARIANT, "experiment.colour: unknown key; allowed:"),
    "wrong_type": (OK_VARIANT + "[variants.a.pricing]\nrental_fee = 'cheap'\n", "variants.a.pricing.rental_fee"),
    "negative_price": (OK_VARIANT + "[variants.a.pricing]\nrental_fee = -1\n", "greater than or equal to 0"),
    "probability": ("[scenario.store]\nsubstitute_probability = 1.5\n" + OK_VARIANT,
                    "scenario.store.substitute_probability"),
    "k_zero": (OK_VARIANT + "[variants.a.pricing]\nmodel = 'subscription'\ntitles_at_home = 0\n",
               "variants.a.pricing.titles_at_home"),
    "horizon": ("[experiment]\nhorizon_days = 0\n" + OK_VARIANT, "experiment.horizon_days"),
    "warmup": ("[experiment]\nhorizon_days = 100\nwarmup_days = 100\n" + OK_VARIANT, "warmup_days"),
    "no_baseline": ("[variants.a]\n[variants.b]\n", "exactly one variant must have baseline = true"),
    "two_baselines": ("[variants.a]\nbaseline = true\n[variants.b]\nbaseline = true\n", "(found: a, b)"),
    "sweep_path": (OK_VARIANT + "[sweep]\n'variants.a.pricing.monthly_fee' = [1, 2]\n", "path does not exist"),
    "enforcement": (OK_VARIANT + "[variants.a.pricing]\nenforcement = 'sometimes'\n",
                    "variants.a.pricing.enforcement"),
    "pricing_model": (OK_VARIANT + "[variants.a.pricing]\nmodel = 'barter'\n", "unknown 'model' 'barter'"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["run", "check"])
def test_bad_config(name: str, command: str, config_error) -> None:
    text, expected = CASES[name]
    config_error(text, expected, command, name)


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "nope.toml"]) == 2
    assert "nope.toml: file not found" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def test_bad_flags(small_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(small_config), "--replications", "0"]) == 2
    assert main(["run", str(small_config), "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def test_main_module_runs_check(small_config: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sim", "check", str(small_config)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "ok" in done.stdout
