"""HTTP for the workshop page, on the standard library: a thread per request, JSON and files.

Routes: the page and its static files; /api/... for studies, checks, runs and exports; /files/...
for PNGs and reports under the configs and results folders (anything else is refused).
"""

from __future__ import annotations

import json
import mimetypes
import re
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sim.errors import UserError
from sim.workshop.app import NotFound, Workshop
from sim.workshop.jobs import Busy
from sim.workshop.paths import STATIC, Refused, inside
from sim.workshop.study import Invalid

RUN = re.compile(r"^/api/runs/(\d+)$")
EXPORT = re.compile(r"^/api/runs/(\d+)/(report\.html|config\.toml)$")
MAX_BODY = 1_000_000
TYPES = {".toml": "text/plain", ".md": "text/plain", ".csv": "text/csv", ".js": "text/javascript"}
SECURITY = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


class Reply(Exception):
    """An answer other than 200, with the message the page shows."""

    def __init__(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        super().__init__(body.get("message", ""))
        self.status, self.body = status, body


def bind(app: Workshop, host: str, port: int | None) -> ThreadingHTTPServer:
    """A server on `port`, or on a free one when none is given or it is taken."""
    handler = type("Handler", (Handler,), {"app": app})
    if port:
        try:
            return ThreadingHTTPServer((host, port), handler)
        except OSError:
            print(f"port {port} is taken; choosing a free one", file=sys.stderr)
    return ThreadingHTTPServer((host, 0), handler)


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the Workshop; every failure becomes a short message, never a traceback."""

    app: Workshop
    server_version = "policysim-workshop"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(self._post)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: the terminal shows errors only
        return

    def _get(self, path: str, query: dict[str, list[str]]) -> None:
        if path in ("/", "/index.html"):
            return self._file(STATIC / "index.html")
        if path.startswith("/static/"):
            return self._file(inside(STATIC, path.removeprefix("/static/")))
        if path.startswith("/files/"):
            return self._file(self.app.roots.resolve(path.removeprefix("/files/")))
        if path == "/api/studies":
            return self._json(self.app.studies())
        if path == "/api/study":
            return self._json(self.app.study(query.get("ref", [""])[0]))
        if path == "/api/runs":
            return self._json({"runs": self.app.runs()})
        if m := RUN.match(path):
            return self._json(self.app.result(int(m[1])))
        if m := EXPORT.match(path):
            file, name = self.app.export(int(m[1]), m[2])
            return self._file(file, download=name)
        raise NotFound(f"no such page: {path}")

    def _post(self, path: str, query: dict[str, list[str]]) -> None:
        body = self._body()
        if path == "/api/check":
            return self._json(self.app.check(body))
        if path == "/api/run":
            return self._json(self.app.run(body), HTTPStatus.ACCEPTED)
        raise NotFound(f"no such action: {path}")

    def _answer(self, route: Any) -> None:
        try:
            parts = urlsplit(self.path)
            route(unquote(parts.path), parse_qs(parts.query))
        except Reply as r:
            self._json(r.body, r.status)
        except Refused as exc:
            self._json({"message": f"refused: {exc}"}, HTTPStatus.FORBIDDEN)
        except Invalid as exc:
            self._json({"message": "Some values are not allowed.", "errors": exc.errors},
                       HTTPStatus.UNPROCESSABLE_ENTITY)
        except Busy as exc:
            self._json({"message": str(exc)}, HTTPStatus.CONFLICT)
        except (NotFound, FileNotFoundError) as exc:
            self._json({"message": str(exc)}, HTTPStatus.NOT_FOUND)
        except UserError as exc:
            self._json({"message": str(exc)}, HTTPStatus.BAD_REQUEST)
        except Exception as exc:  # noqa: BLE001 - the page gets a message, the terminal the traceback
            traceback.print_exc()
            self._json({"message": f"internal error ({type(exc).__name__}); the terminal shows the details"},
                       HTTPStatus.INTERNAL_SERVER_ERROR)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise Reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"message": "request too large"})
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            raise Reply(HTTPStatus.BAD_REQUEST, {"message": "the request is not JSON"}) from None
        if not isinstance(body, dict):
            raise Reply(HTTPStatus.BAD_REQUEST, {"message": "the request must be a JSON object"})
        return body

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
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(("text/", "application/json")) else ""))
        self.send_header("Content-Length", str(len(data)))
        for key, value in {**SECURITY, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def serve_in_background(app: Workshop, host: str = "127.0.0.1", port: int | None = None
                        ) -> tuple[ThreadingHTTPServer, str]:
    """Start serving on a daemon thread (tests and embedding); returns the server and its URL."""
    server = bind(app, host, port)
    threading.Thread(target=server.serve_forever, args=(0.05,), name="workshop-http", daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}/"
