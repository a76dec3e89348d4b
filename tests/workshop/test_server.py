"""Workshop server without a browser: refused paths, lever checks, runs, a busy server, failures."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from sim.workshop import jobs

from tests.helpers.workshop import running_workshop


@pytest.fixture
def workshop(tmp_path: Path):
    """A server over a configs folder with the small study, an empty results folder and a secret beside them."""
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    with running_workshop(tmp_path) as (app, client):
        yield app, client


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
    _, client = workshop
    status, body = client.request("GET", path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in body


def test_symlink_out_of_results_is_refused(workshop, tmp_path: Path) -> None:
    app, client = workshop
    (app.roots.results / "out").symlink_to(tmp_path)
    status, body = client.request("GET", "/files/results/out/secret.txt")
    assert status == 403 and b"root:" not in body


def test_page_and_files_inside_are_served(workshop) -> None:
    _, client = workshop
    assert client.request("GET", "/")[0] == 200
    assert client.request("GET", "/static/app.js")[0] == 200
    status, body = client.request("GET", "/files/configs/small.toml")
    assert status == 200 and b"[experiment]" in body


def test_bad_levers_come_back_by_field(workshop) -> None:
    _, client = workshop
    status, body = client.request("POST", "/api/check", {
        "study": "configs/small.toml",
        "variants": {"subscription": {"pricing": {"model": "subscription", "monthly_fee": -1, "titles_at_home": "x"}}},
    })
    errors = json.loads(body)["errors"]
    assert status == 422
    assert "greater than or equal to 0" in errors["variants.subscription.pricing.monthly_fee"]
    assert "valid integer" in errors["variants.subscription.pricing.titles_at_home"]


def test_a_second_run_while_one_is_going_is_refused(workshop, monkeypatch) -> None:
    _, client = workshop
    release = threading.Event()
    monkeypatch.setattr(jobs, "run_tasks", lambda *a, **k: release.wait(30) and None)
    body = {"study": "configs/small.toml"}
    assert client.request("POST", "/api/run", body)[0] == 202
    status, answer = client.request("POST", "/api/run", body)
    release.set()
    assert status == 409
    assert "still going" in json.loads(answer)["message"]
    client.wait_for(1)  # let the first run end inside the test, not after its folder is gone


def test_a_failed_run_says_why_without_a_traceback(workshop, monkeypatch) -> None:
    _, client = workshop

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "run_tasks", broken)
    client.request("POST", "/api/run", {"study": "configs/small.toml"})
    run = client.wait_for(1)
    assert run["state"] == "failed"
    assert "internal error (RuntimeError: disk on fire)" in run["error"]
    assert "Traceback" not in run["error"]
    status, _ = client.request("GET", "/api/runs/1/report.html")
    assert status == 404


@pytest.mark.slow
def test_a_run_writes_a_quick_results_folder_and_exports(workshop) -> None:
    app, client = workshop
    status, body = client.request("POST", "/api/run", {
        "study": "configs/small.toml",
        "variants": {"subscription": {"pricing": {"model": "subscription", "monthly_fee": 12.5}}},
    })
    assert status == 202, body
    run = client.wait_for(json.loads(body)["id"])
    assert run["state"] == "done", run
    assert "subscription.pricing.monthly_fee 19.95 -> 12.5" in run["changes"]
    manifest = json.loads((app.runner.runs[0].folder / "manifest.json").read_text())
    assert manifest["quick"] is True and manifest["complete"] is True
    assert "<ul class=\"headlines\">" in run["headlines"] and run["plots"]
    assert "simulation noise only" in run["uncertainty"]
    status, config = client.request("GET", "/api/runs/1/config.toml")
    assert status == 200 and b"monthly_fee = 12.5" in config
    status, report = client.request("GET", "/api/runs/1/report.html")
    assert status == 200 and report == (app.runner.runs[0].folder / "report.html").read_bytes()


def test_a_browser_that_hangs_up_leaves_no_traceback(workshop, capsys) -> None:
    from sim.workshop.server import WorkshopServer

    app, _ = workshop
    server = WorkshopServer(app, "127.0.0.1", 0)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("a real fault")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    err = capsys.readouterr().err
    assert "BrokenPipeError" not in err and "ValueError: a real fault" in err
