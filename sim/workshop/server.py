"""HTTP for the workshop page, on the standard library: a thread per request, JSON and files.

Routes: the page and its static files; /api/... for studies, checks, runs, cancels and exports;
/files/... for PNGs and reports under the configs and results folders (anything else is refused).
Every request passes the gate first (sim.workshop.gate: Host, Origin, session token, body rules).
"""

from __future__ import annotations

import errno
import json
import mimetypes
import re
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sim.errors import UserError
from sim.workshop.app import NotFound, Workshop
from sim.workshop.gate import READ_TIMEOUT, WILDCARD, Guard, Reply, read_json
from sim.workshop.jobs import Busy, NotRunning
from sim.workshop.paths import STATIC, Refused, inside
from sim.workshop.study import Invalid

RUN = re.compile(r"^/api/runs/(\d+)$")
SERIES = re.compile(r"^/api/runs/(\d+)/series$")
CANCEL = re.compile(r"^/api/runs/(\d+)/cancel$")
EXPORT = re.compile(r"^/api/runs/(\d+)/(report\.html|config\.toml)$")
TOKEN_SLOT = "{{session-token}}"
TYPES = {".toml": "text/plain", ".md": "text/plain", ".csv": "text/csv", ".js": "text/javascript"}
SECURITY = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class WorkshopServer(ThreadingHTTPServer):
    """The session's server: the workshop it serves, the gate's rules, and how long a read may idle."""

    daemon_threads = True

    def __init__(self, app: Workshop, host: str, port: int, read_timeout: float = READ_TIMEOUT) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), Handler)
        self.app, self.read_timeout = app, read_timeout
        address = self.server_address
        assert isinstance(address, tuple)  # an INET socket's (host, port, ...)
        bound, self.port = str(address[0]), address[1]
        self.guard = Guard.for_address(host, bound, self.port)
        self.host = socket.gethostname() if bound in WILDCARD else host

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that hung up is not an error worth a traceback in the facilitator's terminal."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """The page's address; when others can reach it, with the token they need."""
        name = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{name}:{self.port}/" + (f"?token={self.guard.token}" if self.guard.exposed else "")


def bind(app: Workshop, host: str, port: int | None, read_timeout: float = READ_TIMEOUT) -> WorkshopServer:
    """A server on `port`, or on a free one when none is given or it is taken."""
    try:
        try:
            return WorkshopServer(app, host, port or 0, read_timeout)
        except OSError as exc:
            if not port or exc.errno != errno.EADDRINUSE:
                raise
            print(f"port {port} is taken; choosing a free one", file=sys.stderr)
            return WorkshopServer(app, host, 0, read_timeout)
    except OSError as exc:
        raise UserError(f"cannot listen on --host {host}: {exc.strerror or exc}") from None


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the Workshop; every failure becomes a short message, never a traceback."""

    server: WorkshopServer
    server_version = "policysim-workshop"

    def setup(self) -> None:
        """A socket timeout, so a client that stops sending cannot hold this thread."""
        self.timeout = self.server.read_timeout  # type: ignore[misc]  # per connection, read in setup()
        super().setup()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(self._get, write=False)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(self._post, write=True)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: the terminal shows errors only
        return

    @property
    def app(self) -> Workshop:
        return self.server.app

    def _get(self, path: str, query: dict[str, list[str]]) -> None:
        if path in ("/", "/index.html"):
            return self._page()
        if path.startswith("/static/"):
            return self._file(inside(STATIC, path.removeprefix("/static/")))
        if path.startswith("/files/"):
            return self._file(self.app.roots.resolve(path.removeprefix("/files/")))
        if path == "/api/studies":
            return self._json(self.app.studies())
        if path == "/api/study":
            return self._json(self.app.study(query.get("ref", [""])[0]))
        if path == "/api/compare":
            ids = [query.get(k, [""])[0] for k in ("a", "b")]
            if not all(i.isdigit() for i in ids):
                raise NotFound("compare needs two run numbers, a and b")
            return self._json(self.app.compare(int(ids[0]), int(ids[1])))
        if path == "/api/runs":
            return self._json({"runs": self.app.runs()})
        if m := RUN.match(path):
            return self._json(self.app.result(int(m[1])))
        if m := SERIES.match(path):
            return self._json(self.app.series(int(m[1])))
        if m := EXPORT.match(path):
            file, name = self.app.export(int(m[1]), m[2])
            return self._file(file, download=name)
        raise NotFound(f"no such page: {path}")

    def _post(self, path: str, query: dict[str, list[str]]) -> None:
        body = read_json(self.headers, self.rfile, self.server.read_timeout)
        if path == "/api/check":
            return self._json(self.app.check(body))
        if path == "/api/run":
            return self._json(self.app.run(body), HTTPStatus.ACCEPTED)
        if m := CANCEL.match(path):
            return self._json(self.app.cancel(int(m[1])), HTTPStatus.ACCEPTED)
        raise NotFound(f"no such action: {path}")

    def _answer(self, route: Callable[[str, dict[str, list[str]]], None], write: bool) -> None:
        try:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            self.server.guard.admit(self.headers, query, write)
            route(unquote(parts.path), query)
        except Reply as r:
            self.close_connection = True
            self._json(r.body, r.status)
        except Refused as exc:
            self._json({"message": f"refused: {exc}"}, HTTPStatus.FORBIDDEN)
        except Invalid as exc:
            self._json({"message": "Some values are not allowed.", "errors": exc.errors},
                       HTTPStatus.UNPROCESSABLE_ENTITY)
        except (Busy, NotRunning) as exc:
            self._json({"message": str(exc)}, HTTPStatus.CONFLICT)
        except (NotFound, FileNotFoundError) as exc:
            self._json({"message": str(exc)}, HTTPStatus.NOT_FOUND)
        except UserError as exc:
            self._json({"message": str(exc)}, HTTPStatus.BAD_REQUEST)
        except ConnectionError:  # the page went away mid-answer (closed, reloaded): no one to tell
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - the page gets a message, the terminal the traceback
            traceback.print_exc()
            self._json({"message": f"internal error ({type(exc).__name__}); the terminal shows the details"},
                       HTTPStatus.INTERNAL_SERVER_ERROR)

    def _page(self) -> None:
        """The page with the session's token in it (the token also goes into a cookie for exposed servers)."""
        guard = self.server.guard
        page = (STATIC / "index.html").read_text(encoding="utf-8").replace(TOKEN_SLOT, guard.token)
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html", {"Set-Cookie": guard.set_cookie()})

    def _json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(data).encode("utf-8"), "application/json")

    def _file(self, path: Path, download: str | None = None) -> None:
        if not path.is_file():
            raise NotFound(f"no such file: {path.name}")
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        extra = {"Content-Disposition": f'attachment; filename="{download}"'} if download else {}
        self._send(HTTPStatus.OK, path.read_bytes(), kind, extra)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith(("text/", "application/json")) else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        for key, value in {**SECURITY, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def serve_in_background(app: Workshop, host: str = "127.0.0.1", port: int | None = None,
                        read_timeout: float = READ_TIMEOUT) -> WorkshopServer:
    """Start serving on a daemon thread (tests and embedding); `server.url` is the page's address."""
    server = bind(app, host, port, read_timeout)
    threading.Thread(target=server.serve_forever, args=(0.05,), name="workshop-http", daemon=True).start()
    return server
