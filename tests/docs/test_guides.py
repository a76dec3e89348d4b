"""Each guide in docs/guides starts from a runnable example: its first code block is a shell block
whose first `policysim run` (or `workshop`) names a study that validates, and that runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main

REPO = Path(__file__).resolve().parents[2]
GUIDES = sorted((REPO / "docs" / "guides").glob("*.md"))
# The calibration guide's example is its data; the Python API's is examples/quick_study.py (tests/api).
OWN_EXAMPLE = [g for g in GUIDES if g.name not in ("README.md", "calibration.md", "python-api.md")]
EXECUTORS = {"--workers", "--dask-local", "--scheduler"}


def example(guide: Path) -> list[str]:
    """The arguments of the guide's first `policysim run` or `policysim workshop` line, as a run."""
    block = re.search(r"```(\w*)\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    assert block and block.group(1) == "bash", f"{guide.name} does not start from a shell example"
    for line in block.group(2).splitlines():
        words = shlex.split(line, comments=True)
        if words[:2] in (["policysim", "run"], ["policysim", "workshop"]):
            return ["run", *words[2:]] if words[1] == "run" else ["run", words[2], "--quick"]
    raise AssertionError(f"{guide.name}: its first block runs no study")


def test_there_are_guides() -> None:
    names = {g.name for g in GUIDES}
    assert {"first-study.md", "changes-over-time.md", "markets-and-rivals.md", "observed-series.md",
            "workshop.md", "cluster.md"} <= names


@pytest.mark.parametrize("guide", OWN_EXAMPLE, ids=lambda g: g.stem)
def test_the_example_study_validates(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["check", example(guide)[1]]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("guide", OWN_EXAMPLE, ids=lambda g: g.stem)
def test_the_example_runs(guide: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As written, with one replication, into a scratch folder (every example says --quick)."""
    args = example(guide)
    assert "--quick" in args, guide.name
    monkeypatch.chdir(REPO)
    extra = ["--replications", "1", "--no-progress", "--no-report", "--out", str(tmp_path / "out")]
    if not EXECUTORS & set(args):
        extra += ["--workers", "1"]
    assert main([*args, *extra]) == 0
    assert (tmp_path / "out" / "summary.csv").exists()


def test_the_index_lists_every_guide() -> None:
    index = (REPO / "docs" / "guides" / "README.md").read_text(encoding="utf-8")
    assert all(f"]({g.name})" in index for g in GUIDES if g.name != "README.md")
