"""Workshop server without a browser: refused paths, lever checks, runs, a busy server, failures."""

from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sim.workshop import jobs
from sim.workshop.app import Workshop
from sim.workshop.jobs import Runner
from sim.workshop.paths import Roots
from sim.workshop.server import serve_in_background

from tests.conftest import SMALL


@pytest.fixture
def workshop(tmp_path: Path):
    """A server on a free port over a configs folder with the small study and an empty results folder."""
    configs, results = tmp_path / "configs", tmp_path / "results"
    configs.mkdir()
    results.mkdir()
    (configs / "small.toml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    app = Workshop(Roots(configs, results), Runner(results / "workshop" / "s", workers=1))
    server, url = serve_in_background(app)
    yield app, urlsplit(url).port
    server.shutdown()
    server.server_close()
    app.runner.close()


def request(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    """A raw request: http.client sends the path as given, without normalising '..'."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = None if body is None else json.dumps(body).encode()
    conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("path", [
    "/../../etc/passwd",
    "/files/configs/../../../etc/passwd",
    "/files/configs/../secret.txt",
    "/files/results/..%2F..%2Fsecret.txt",
    "/files/results/%2e%2e/%2e%2e/etc/passwd",
    "/files/configs/..%252f..%252fsecret.txt",
    "/files/%2Fetc%2Fpasswd",
    "/files/results//etc/passwd",
    "/files/etc/passwd",
    "/static/../paths.py",
    "/static/%2e%2e%2fpaths.py",
    "/api/study?ref=configs/../../../etc/passwd",
    "/api/study?ref=%2Fetc%2Fpasswd",
])
def test_paths_outside_the_folders_are_refused(workshop, path: str) -> None:
    _, port = workshop
    status, body = request(port, "GET", path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in body


def test_symlink_out_of_results_is_refused(workshop, tmp_path: Path) -> None:
    app, port = workshop
    (app.roots.results / "out").symlink_to(tmp_path)
    status, body = request(port, "GET", "/files/results/out/secret.txt")
    assert status == 403 and b"root:" not in body


def test_page_and_files_inside_are_served(workshop) -> None:
    _, port = workshop
    assert request(port, "GET", "/")[0] == 200
    assert request(port, "GET", "/static/app.js")[0] == 200
    status, body = request(port, "GET", "/files/configs/small.toml")
    assert status == 200 and b"[experiment]" in body


def test_bad_levers_come_back_by_field(workshop) -> None:
    _, port = workshop
    status, body = request(port, "POST", "/api/check", {
        "study": "configs/small.toml",
        "variants": {"subscription": {"pricing": {"model": "subscription", "monthly_fee": -1, "titles_at_home": "x"}}},
    })
    errors = json.loads(body)["errors"]
    assert status == 422
    assert "greater than or equal to 0" in errors["variants.subscription.pricing.monthly_fee"]
    assert "valid integer" in errors["variants.subscription.pricing.titles_at_home"]


def wait_for(port: int, run_id: int, states: tuple[str, ...] = ("done", "failed")) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = json.loads(request(port, "GET", f"/api/runs/{run_id}")[1])
        if run["state"] in states:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


def test_a_second_run_while_one_is_going_is_refused(workshop, monkeypatch) -> None:
    _, port = workshop
    release = threading.Event()
    monkeypatch.setattr(jobs, "run_tasks", lambda *a, **k: release.wait(30) and None)
    body = {"study": "configs/small.toml"}
    assert request(port, "POST", "/api/run", body)[0] == 202
    status, answer = request(port, "POST", "/api/run", body)
    release.set()
    assert status == 409
    assert "still going" in json.loads(answer)["message"]
    wait_for(port, 1)  # let the first run end inside the test, not after its folder is gone


def test_a_failed_run_says_why_without_a_traceback(workshop, monkeypatch) -> None:
    _, port = workshop

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "run_tasks", broken)
    request(port, "POST", "/api/run", {"study": "configs/small.toml"})
    run = wait_for(port, 1)
    assert run["state"] == "failed"
    assert "internal error (RuntimeError: disk on fire)" in run["error"]
    assert "Traceback" not in run["error"]
    status, _ = request(port, "GET", "/api/runs/1/report.html")
    assert status == 404


@pytest.mark.slow
def test_a_run_writes_a_quick_results_folder_and_exports(workshop) -> None:
    app, port = workshop
    status, body = request(port, "POST", "/api/run", {
        "study": "configs/small.toml",
        "variants": {"subscription": {"pricing": {"model": "subscription", "monthly_fee": 12.5}}},
    })
    assert status == 202, body
    run = wait_for(port, json.loads(body)["id"])
    assert run["state"] == "done", run
    assert "subscription.pricing.monthly_fee 19.95 -> 12.5" in run["changes"]
    manifest = json.loads((app.runner.runs[0].folder / "manifest.json").read_text())
    assert manifest["quick"] is True and manifest["complete"] is True
    assert "<ul class=\"headlines\">" in run["headlines"] and run["plots"]
    status, config = request(port, "GET", "/api/runs/1/config.toml")
    assert status == 200 and b"monthly_fee = 12.5" in config
    status, report = request(port, "GET", "/api/runs/1/report.html")
    assert status == 200 and report == (app.runner.runs[0].folder / "report.html").read_bytes()
