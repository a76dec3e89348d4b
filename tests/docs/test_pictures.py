"""The README's pictures are current: the hashes docs/make_pictures.py recorded of each study file,
the script, the table of plotted numbers and the picture match (quick); a rerun of the quick
studies gives the same tables (slow)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
REDRAW = "run: python docs/make_pictures.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pictures", REPO / "docs" / "make_pictures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


PICTURES = _script()


def test_every_picture_in_the_readme_is_drawn_by_the_script() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = {line.split("](docs/pictures/")[1].split(".png")[0] for line in readme.splitlines()
             if "](docs/pictures/" in line}
    assert shown == {p.name for p in PICTURES.PICTURES}


@pytest.mark.parametrize("picture", PICTURES.PICTURES, ids=lambda p: p.name)
def test_the_picture_is_drawn_from_the_current_study_and_script(picture) -> None:
    recorded = json.loads(PICTURES.SOURCES.read_text(encoding="utf-8"))[picture.name]
    assert recorded == PICTURES.recorded(picture), REDRAW


@pytest.mark.slow
@pytest.mark.parametrize("picture", PICTURES.PICTURES, ids=lambda p: p.name)
def test_the_study_still_gives_the_numbers_drawn(picture, tmp_path: Path) -> None:
    rows = picture.table(PICTURES.quick_run(picture.config, tmp_path / "run"))
    shipped = (PICTURES.OUT / f"{picture.name}.csv").read_text(encoding="utf-8")
    assert PICTURES.table_text(rows) == shipped, REDRAW
