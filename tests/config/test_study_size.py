"""More variants than a report can show are sized before any work (issue 32): a soft limit that
--force lifts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sim.cli import main
from sim.config.size import MAX_VARIANTS

CONFIG = """
[experiment]
name = "many"
replications = 2
horizon_days = 60

[variants.a]
baseline = true
"""
MAX_MESSAGE = 300


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_more_variants_than_a_report_can_show_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = "".join(f"[variants.v{i}.pricing]\nmodel = \"subscription\"\nmonthly_fee = {10 + i}\n"
                   for i in range(MAX_VARIANTS))
    path = tmp_path / "many.toml"
    path.write_text(CONFIG + many, encoding="utf-8")
    before = hashes(tmp_path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < MAX_MESSAGE + len(str(path)) and "Traceback" not in err
    assert f"over the limit: {MAX_VARIANTS + 1} variants > {MAX_VARIANTS}; give --force" in err, err
    assert main(["check", str(path), "--force"]) == 0
    assert hashes(tmp_path) == before
