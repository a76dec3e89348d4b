"""Every command that runs simulations takes the same executor flags, checked before anything is written."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sim.cli import main
from sim.executors import default_workers
from tests.helpers.configs import GOOD

COMMANDS = {
    "run": ["run", "{cfg}"],
    "sensitivity": ["sensitivity", "{cfg}", "--kpi", "profit", "--samples", "2", "--replications", "1"],
    "select": ["select", "{cfg}", "--kpi", "profit", "--delta", "1000", "--n0", "2"],
    "optimize": ["optimize", "{cfg}", "--lever", "pricing.monthly_fee", "--variant", "subscription",
                 "--range", "10:30", "--kpi", "profit", "--points", "3", "--replications", "1"],
    "validate": ["validate", "--quick", "--out", "results/validation"],
    "workshop": ["workshop", "{cfg}", "--no-browser", "--port", "8", "--results", "results"],
}


def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BAD = {
    "zero workers": (["--workers", "0"], "--workers must be at least 1 (got 0)"),
    "negative workers": (["--workers", "-3"], "--workers must be at least 1 (got -3)"),
    "zero dask workers": (["--dask-local", "0"], "--dask-local must be at least 1 (got 0)"),
    "two executors": (["--workers", "2", "--dask-local", "2"], "give one of --workers, --scheduler and --dask-local"),
    "not an address": (["--scheduler", "localhost"], "--scheduler must look like tcp://HOST:PORT"),
    "unreachable scheduler": (["--scheduler", "tcp://127.0.0.1:{port}"], "cannot reach the Dask scheduler"),
}


@pytest.mark.parametrize("bad", sorted(BAD))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_executor_flag_is_one_line_exit_2_nothing_written(
        command: str, bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    flags, expected = BAD[bad]
    argv = [a.format(cfg=cfg) for a in COMMANDS[command]] + [f.format(port=_closed_port()) for f in flags]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and expected in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.toml"]


def test_workers_default_to_the_cores_this_process_may_use() -> None:
    from sim.cli import build_parser
    from sim.commands import executor_options

    args = build_parser().parse_args(["sensitivity", "x.toml", "--kpi", "profit"])
    assert executor_options.settings(args).workers == default_workers() >= 1
