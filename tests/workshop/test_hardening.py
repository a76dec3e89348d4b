"""The workshop server against a stuck run, a stop signal, hostile requests and a bad configs folder (issue 19)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sim.workshop import jobs
from sim.workshop.gate import TOKEN_HEADER

from tests.helpers.configs import SMALL
from tests.helpers.workshop import Client, running_workshop

RUN = {"study": "configs/small.toml"}


@pytest.fixture
def workshop(tmp_path: Path):
    with running_workshop(tmp_path, read_timeout=0.5) as pair:
        yield pair


@pytest.fixture
def stuck(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Runs that never end: each sleeps for an hour in a worker process, whose pid is recorded."""
    pids: list[int] = []

    def never_ending(loaded: Any, todo: Any, seed: int, sink: Any, executor: Executor, in_flight: int) -> None:
        pids.append(executor.submit(os.getpid).result())
        executor.submit(time.sleep, 3600).result()

    monkeypatch.setattr(jobs, "run_tasks", never_ending)
    return pids


def gone(pid: int, seconds: float = 10) -> bool:
    """Whether the process has ended (and been reaped) within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.05)
    return False


def wait_for_worker(pids: list[int], client: Client, run_id: int = 1) -> int:
    """The pid of the worker that run `run_id` is stuck in."""
    deadline = time.monotonic() + 60
    while len(pids) < run_id and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pids) == run_id, "the stuck run never reached a worker"
    assert client.answer("GET", f"/api/runs/{run_id}")[1]["state"] == "running"
    return pids[-1]


# ---- a run that never ends -------------------------------------------------------------------

@pytest.mark.slow
def test_cancel_ends_a_run_stuck_in_a_worker(workshop, stuck: list[int]) -> None:
    app, client = workshop
    assert client.request("POST", "/api/run", RUN)[0] == 202
    worker = wait_for_worker(stuck, client)
    status, _ = client.request("POST", "/api/runs/1/cancel", {})
    assert status == 202
    run = client.wait_for(1, seconds=10)
    assert run["state"] == "cancelled" and run["stopped"] == "cancelled"
    assert gone(worker)
    assert not app.runner.runs[0].folder.exists()
    assert client.request("POST", "/api/runs/1/cancel", {})[0] == 409
    assert client.request("POST", "/api/run", RUN)[0] == 202  # the next run is not blocked, and gets a fresh pool
    second = wait_for_worker(stuck, client, run_id=2)
    assert second != worker
    client.request("POST", "/api/runs/2/cancel", {})
    assert client.wait_for(2, seconds=10)["state"] == "cancelled" and gone(second)


def test_a_run_past_its_time_limit_is_cancelled_as_timed_out(tmp_path: Path, stuck: list[int]) -> None:
    with running_workshop(tmp_path, time_limit=1.0) as (_, client):
        started = time.monotonic()
        client.request("POST", "/api/run", RUN)
        run = client.wait_for(1, seconds=30)
        assert run["state"] == "cancelled" and run["stopped"] == "timed out"
        assert "time limit of 1 s" in run["error"]
        assert 1 <= time.monotonic() - started < 15
        assert all(gone(pid) for pid in stuck)  # the worker, if the run reached it within the second


STUCK_SERVER = """
import sys, time
from sim.workshop import jobs


def stuck(marker):
    open(marker, "w").close()  # the worker has started: the test may stop the server now
    time.sleep(3600)


def never_ending(loaded, todo, seed, sink, executor, in_flight):
    executor.submit(stuck, "worker_started").result()


if __name__ == "__main__":
    jobs.run_tasks = never_ending
    from sim.cli import main
    sys.exit(main(sys.argv[1:]))
"""


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def start_cli(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """`policysim workshop` (with never-ending runs) as a process of its own; returns it and its address."""
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "small.toml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "server.py").write_text(STUCK_SERVER, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "server.py", "workshop", "configs/small.toml", "--no-browser", "--workers", "1", *options],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal's: heard, even if
    line = process.stdout.readline()  # this test run was started in the background (which ignores it)
    assert line.startswith("policysim workshop: http://"), line + process.stderr.read()  # type: ignore[union-attr]
    return process, line.split()[2]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists child processes through /proc")
@pytest.mark.parametrize("stop", ["SIGTERM", pytest.param("Ctrl+C", marks=pytest.mark.slow)])
def test_a_stop_signal_ends_the_server_and_its_stuck_workers(tmp_path: Path, stop: str) -> None:
    process, url = start_cli(tmp_path)
    try:
        port = urlsplit(url).port or 0
        client = Client(port, page_token(port))
        assert client.request("POST", "/api/run", RUN)[0] == 202
        client.wait_for(1, states=("running",))
        deadline = time.monotonic() + 60  # a spawned worker imports the package first: slow on a busy machine
        while not (tmp_path / "worker_started").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children(process.pid)
        assert workers, "the server has no worker processes"
        started = time.monotonic()
        if stop == "SIGTERM":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)  # the terminal sends Ctrl+C to the whole group
        process.wait(timeout=10)
        assert time.monotonic() - started < 5
        assert all(gone(pid, 5) for pid in workers)
        assert "workshop stopped" in process.stdout.read()  # type: ignore[union-attr]
        assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def page_token(port: int) -> str:
    """The token the page carries, read as a browser would."""
    status, page = Client(port, "").request("GET", "/")
    assert status == 200
    return page.decode().split('name="policysim-token" content="')[1].split('"')[0]


def test_a_host_beyond_this_machine_warns_and_asks_every_request_for_the_token(tmp_path: Path) -> None:
    process, url = start_cli(tmp_path, "--host", "0.0.0.0")
    try:
        parts = urlsplit(url)
        token = parts.query.removeprefix("token=")
        assert token
        client = Client(parts.port or 0, token, host=parts.netloc)
        assert client.request("GET", "/")[0] == 403
        status, _ = client.request("GET", "/?" + parts.query)
        assert status == 200
        assert client.request("GET", "/api/studies", headers={"Cookie": f"policysim_workshop_{parts.port}={token}"}
                              )[0] == 200
        assert client.request("GET", "/api/studies", headers={"Cookie": f"policysim_workshop_{parts.port}=wrong"}
                              )[0] == 403
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    warning = process.stderr.read()  # type: ignore[union-attr]
    assert "warning: --host 0.0.0.0 lets other machines on the network reach this page" in warning


# ---- the body of a write ---------------------------------------------------------------------

def raw_exchange(port: int, head: bytes, then_wait: float = 0.0) -> bytes:
    """Send raw bytes, keep the connection open, and return whatever the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head)
        time.sleep(then_wait)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def post_head(client: Client, length: str | None, body: bytes = b"") -> bytes:
    lines = [b"POST /api/check HTTP/1.1", f"Host: 127.0.0.1:{client.port}".encode(),
             f"{TOKEN_HEADER}: {client.token}".encode(), b"Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@pytest.mark.parametrize(("length", "status"), [
    ("-1", 400), ("abc", 400), ("1e3", 400), (" ", 400), (None, 411), ("20000000", 413)])
def test_lengths_that_are_missing_negative_malformed_or_too_big_are_refused(workshop, length, status) -> None:
    _, client = workshop
    answer = raw_exchange(client.port, post_head(client, length, b'{"study": "configs/small.toml"}' + b" " * 100))
    assert answer.startswith(f"HTTP/1.0 {status}".encode()), answer[:200]


def test_a_body_that_stops_arriving_times_out(workshop) -> None:
    _, client = workshop
    started = time.monotonic()
    answer = raw_exchange(client.port, post_head(client, "100", b'{"study": '))
    assert answer.startswith(b"HTTP/1.0 408"), answer[:200]
    assert time.monotonic() - started < 5
    assert client.request("GET", "/api/runs")[0] == 200  # the server is still answering


def test_a_request_line_that_never_comes_is_dropped(workshop) -> None:
    _, client = workshop
    started = time.monotonic()
    assert raw_exchange(client.port, b"GET / HT") == b""
    assert time.monotonic() - started < 5


# ---- what the body says ----------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({**RUN, "variants": ["subscription"]}, "variants"),
    ({**RUN, "variants": "subscription"}, "variants"),
    ({**RUN, "variants": {"subscription": [1]}}, "variants.subscription"),
    ({**RUN, "variants": {"subscription": {"pricing": 3}}}, "variants.subscription.pricing"),
    ({**RUN, "uncertainties": ["scenario.goodwill.kappa"]}, "uncertainties"),
    ({"study": ["configs/small.toml"]}, "study"),
])
@pytest.mark.parametrize("action", ["/api/check", "/api/run"])
def test_wrongly_typed_json_is_refused_naming_the_field(workshop, body: dict[str, Any], field: str,
                                                        action: str) -> None:
    _, client = workshop
    status, answer = client.answer("POST", action, body)
    assert status == 400
    assert answer["message"].startswith(f"{field} must be")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused_at_parse_time_naming_the_field(workshop, number: str) -> None:
    _, client = workshop
    body = ('{"study": "configs/small.toml", "variants": {"subscription": {"pricing": '
            '{"model": "subscription", "monthly_fee": %s}}}}' % number).encode()
    status, answer = client.answer("POST", "/api/check", body)
    assert status == 400
    assert answer["errors"] == {"variants.subscription.pricing.monthly_fee":
                                f"{number} is not a number the form accepts (finite numbers only)"}


# ---- who may ask -----------------------------------------------------------------------------

def test_a_cross_origin_text_plain_post_is_refused(workshop) -> None:
    _, client = workshop
    status, answer = client.answer("POST", "/api/run", RUN, token=False,
                                   headers={"Origin": "http://evil.example", "Content-Type": "text/plain"})
    assert status == 403
    status, answer = client.answer("POST", "/api/run", RUN, headers={"Origin": "http://evil.example"})
    assert status == 403 and "another site" in answer["message"]
    assert client.runs_started() == 0


def test_the_pages_own_origin_may_write(workshop) -> None:
    _, client = workshop
    for origin in (f"http://127.0.0.1:{client.port}", f"http://localhost:{client.port}"):
        host = urlsplit(origin).netloc
        assert client.request("POST", "/api/check", RUN, headers={"Origin": origin, "Host": host})[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", ""])
def test_a_wrong_host_is_refused(workshop, host: str) -> None:
    _, client = workshop
    status, answer = client.answer("GET", "/api/studies", headers={"Host": host.format(port=client.port)})
    assert status == 403 and "Host" in answer["message"]
    assert client.request("GET", "/", headers={"Host": "evil.example"})[0] == 403


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_a_write_without_the_pages_token_is_refused(workshop, token: str | None) -> None:
    _, client = workshop
    headers = {} if token is None else {TOKEN_HEADER: token}
    status, answer = client.answer("POST", "/api/run", RUN, token=False, headers=headers)
    assert status == 403 and "token" in answer["message"]
    assert client.runs_started() == 0


def test_the_page_carries_the_sessions_token(workshop) -> None:
    _, client = workshop
    assert page_token(client.port) == client.token


# ---- the list of studies ---------------------------------------------------------------------

def test_a_symlink_out_of_configs_is_skipped_and_named(workshop, tmp_path: Path, capfd) -> None:
    app, client = workshop
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(SMALL, encoding="utf-8")
    (app.roots.configs / "a_link.toml").symlink_to(outside)
    (app.roots.configs / "dangling.toml").symlink_to(tmp_path / "missing.toml")
    status, studies = client.answer("GET", "/api/studies")
    assert status == 200
    assert [c["ref"] for c in studies["configs"]] == ["configs/small.toml"]
    err = capfd.readouterr().err
    assert "a_link.toml" in err and "dangling.toml" in err
