"""A workshop server on a free port over a small study, and a raw HTTP client for it (shared by the workshop tests)."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.workshop.app import Workshop
from sim.workshop.gate import TOKEN_HEADER
from sim.workshop.jobs import Runner
from sim.workshop.paths import Roots
from sim.workshop.server import WorkshopServer, serve_in_background

from tests.helpers.configs import SMALL


@dataclass
class Client:
    """Requests as given: http.client sends the path unnormalised; writes carry the page's token unless told not to."""

    port: int
    token: str
    host: str | None = None

    @classmethod
    def of(cls, server: WorkshopServer) -> Client:
        return cls(server.server_address[1], server.guard.token)

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                token: bool = True) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **({"Host": self.host} if self.host else {})}
        if method == "POST" and token:
            sent[TOKEN_HEADER] = self.token
        conn.request(method, path, body=data, headers={**sent, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()

    def answer(self, method: str, path: str, body: Any = None, **options: Any) -> tuple[int, dict[str, Any]]:
        status, data = self.request(method, path, body, **options)
        return status, json.loads(data)

    def wait_for(self, run_id: int, states: tuple[str, ...] = ("done", "failed", "cancelled"),
                 seconds: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            run = self.answer("GET", f"/api/runs/{run_id}")[1]
            if run["state"] in states:
                return run
            time.sleep(0.1)
        raise AssertionError(f"run {run_id} did not reach {states} within {seconds} s")

    def runs_started(self) -> int:
        return len(self.answer("GET", "/api/runs")[1]["runs"])


@contextmanager
def running_workshop(tmp_path: Path, study: str = SMALL, workers: int = 1, **options: Any
                     ) -> Iterator[tuple[Workshop, Client]]:
    """A served session over configs/small.toml; `options` go to the Runner (time_limit) or the server.

    Its workers start cold: most tests never simulate, and those that do import the model on their first task."""
    configs, results = tmp_path / "configs", tmp_path / "results"
    configs.mkdir()
    results.mkdir()
    (configs / "small.toml").write_text(study, encoding="utf-8")
    runner_options = {k: options.pop(k) for k in ("time_limit",) if k in options}
    runner = Runner(results / "workshop" / "s", workers, warm=False, **runner_options)
    app = Workshop(Roots(configs, results), runner,
                   "configs/small.toml")
    server = serve_in_background(app, **options)
    try:
        yield app, Client.of(server)
    finally:
        server.shutdown()
        server.server_close()
        app.runner.close()
