"""The Python API (sim.load, sim.run, sim.ConfigError): the command line's numbers, errors and files."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import sim
from sim.cli import main
from tests.helpers.configs import SMALL
from tests.helpers.runs import FILES


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, sim.RunResults]:
    """The small study run once by the command line and once by the API, same seed."""
    root = tmp_path_factory.mktemp("api")
    config = root / "small.toml"
    config.write_text(SMALL, encoding="utf-8")
    assert main(["run", str(config), "--out", str(root / "cli"), "--seed", "9", "--no-progress", "--no-report"]) == 0
    return root, sim.run(str(config), seed=9, out=root / "api", progress=False)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _equal(value: object, text: str) -> bool:
    """A record's value against the CSV cell the command line wrote."""
    if isinstance(value, str):
        return value == text
    return math.isnan(value) if text == "" else value == float(text)


@pytest.mark.parametrize("table, file", [("runs", "runs.csv"), ("summary", "summary.csv"),
                                         ("comparisons", "comparisons.csv")])
def test_api_returns_the_command_lines_numbers(runs: tuple[Path, sim.RunResults], table: str, file: str) -> None:
    root, results = runs
    records, cli = getattr(results, table), _rows(root / "cli" / file)
    assert len(records) == len(cli) > 0
    assert all(_equal(record[k], row[k]) for record, row in zip(records, cli) for k in row)


def test_api_writes_the_same_files_as_the_command_line(runs: tuple[Path, sim.RunResults]) -> None:
    root, results = runs
    assert results.folder == root / "api" and results.ran == results.total == 6
    for name in FILES:
        assert (root / "api" / name).read_bytes() == (root / "cli" / name).read_bytes(), name


def test_series_and_kpi_table(runs: tuple[Path, sim.RunResults]) -> None:
    _, results = runs
    first = results.series[0]
    assert set(first) == {"point", "replication", "variant", "month", "series", "value"}
    assert isinstance(first["month"], int) and isinstance(first["value"], float)
    assert {r["seed"] for r in results.runs} == {9}
    table = results.kpi_table()
    assert "late_fees *" in table and "subscription" in table


def test_plots_are_matplotlib_figures(runs: tuple[Path, sim.RunResults]) -> None:
    from matplotlib.figure import Figure

    _, results = runs
    assert isinstance(results.figure("forest"), Figure)
    assert {"kpi_bars", "forest", "retention"} <= set(results.plots())
    assert not (results.folder / "plots").exists()
    with pytest.raises(ValueError, match="no plot 'pie'"):
        results.figure("pie")


def test_to_pandas(runs: tuple[Path, sim.RunResults], monkeypatch: pytest.MonkeyPatch) -> None:
    _, results = runs
    try:
        import pandas  # noqa: F401
    except ImportError:
        pass
    else:
        frame = results.to_pandas("summary")
        assert list(frame.columns) == list(results.summary[0]) and len(frame) == len(results.summary)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"policysim\[pandas\]"):
        results.to_pandas("runs")
    with pytest.raises(ValueError, match="no table"):
        results.table("nope")


def test_a_dict_is_the_same_experiment_as_its_file(small_config: Path) -> None:
    from_file = sim.load(small_config)
    from_dict = sim.load(tomllib.loads(small_config.read_text()))
    assert from_dict.config_hash == from_file.config_hash


def test_overrides_set_values_by_dotted_path(small_config: Path) -> None:
    changed = sim.load(small_config, overrides={"scenario.goodwill.kappa": 0.5,
                                                "variants.subscription.pricing.monthly_fee": 17.95})
    assert changed.config.scenario.goodwill.kappa == 0.5
    assert changed.config.variants["subscription"].pricing.monthly_fee == 17.95
    assert changed.config_hash != sim.load(small_config).config_hash
    with pytest.raises(sim.ConfigError, match="overrides.scenario.goodwil: path does not exist"):
        sim.load(small_config, overrides={"scenario.goodwil": 1.0})


BAD = {
    "unknown key": ({"experiment": {"colour": "red"}, "variants": {"a": {"baseline": True}}},
                    "<dict>: experiment.colour: unknown key"),
    "bad value": ({"variants": {"a": {"baseline": True, "pricing": {"rental_fee": -1}}}},
                  "<dict>: variants.a.pricing.rental_fee: Input should be greater than or equal to 0"),
    "not TOML": ({"variants": {"a": {"baseline": {1, 2}}}}, "<dict>: not an experiment table"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_dict_raises_config_error(name: str) -> None:
    document, expected = BAD[name]
    with pytest.raises(sim.ConfigError) as caught:
        sim.load(document)
    assert str(caught.value).startswith(expected)


def test_bad_file_raises_the_command_lines_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[variants.a]\nbaseline = true\n[variants.a.pricing]\nenforcement = 'sometimes'\n")
    with pytest.raises(sim.ConfigError) as caught:
        sim.load(bad)
    assert main(["run", str(bad)]) == 2
    assert capsys.readouterr().err == f"policysim: error: {caught.value}\n"
    assert str(bad) in str(caught.value) and "variants.a.pricing.enforcement" in str(caught.value)


def test_run_refuses_bad_arguments_before_writing(small_config: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    for kwargs, expected in (({"out": tmp_path / "file"}, "is a file"), ({"workers": 0}, "workers must be"),
                             ({"seed": -1}, "seed must be"), ({"replications": 0}, "replications must be")):
        with pytest.raises(sim.ConfigError, match=expected):
            sim.run(small_config, progress=False, **{"out": tmp_path / "r", **kwargs})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "small.toml"]


def test_importing_sim_stays_cheap() -> None:
    heavy = ("numpy", "pydantic", "matplotlib", "simpy", "scipy", "tqdm")
    probe = f"import sys, sim; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_example_script_runs(tmp_path: Path) -> None:
    """examples/quick_study.py, run from a copy of the repository's configs, prints its tables."""
    import shutil

    repo = Path(__file__).resolve().parents[2]
    shutil.copytree(repo / "configs", tmp_path / "configs")
    done = subprocess.run([sys.executable, str(repo / "examples" / "quick_study.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "profit difference" in done.stdout and "refused:" in done.stdout
    assert list((tmp_path / "results" / "blockbuster_vs_netflix").glob("*/forest_from_python.png"))
