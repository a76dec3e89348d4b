"""Fixtures of the workshop's browser tests: a headless chromium and a served workshop on a small study."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.workshop.app import Workshop
from sim.workshop.jobs import Runner
from sim.workshop.paths import Roots
from sim.workshop.server import serve_in_background

from tests.helpers.browser import CHROMIUM, FLAGS, STUDY


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def workshop(tmp_path: Path):
    configs, results = tmp_path / "configs", tmp_path / "results"
    configs.mkdir()
    (configs / "small.toml").write_text(STUDY, encoding="utf-8")
    app = Workshop(Roots(configs, results), Runner(results / "workshop" / "s", workers=2), "configs/small.toml")
    server = serve_in_background(app)
    yield app, server.url
    server.shutdown()
    server.server_close()
    app.runner.close()
