"""What a request must be before the workshop sees it: who may ask, and what a body may hold.

Who. The Host header must name this server: a web site that rebinds its own DNS name to 127.0.0.1
still sends its own name, so it cannot read or drive the page. A write (POST) must come from the
page's own origin (browsers send Origin on cross-site POSTs, even the text/plain ones that need no
preflight) and carry the session's token in a header, which only the page this server served
knows. A server listening beyond this machine asks the token of every request: the address it
prints carries it, and the page's answer keeps it in a cookie for the files the page loads.

What. A write declares its length (none: 411; malformed or negative: 400; over a megabyte: 413),
arrives within the read timeout (408), and is a JSON object whose numbers are finite: Python's
json would turn NaN, Infinity and 1e999 into floats, which the form refuses by field (400).
"""

from __future__ import annotations

import hmac
import io
import ipaddress
import json
import math
import re
import secrets
import socket
import time
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any

MAX_BODY = 1_000_000
READ_TIMEOUT = 10.0
TOKEN_HEADER = "X-Policysim-Token"
WILDCARD = ("0.0.0.0", "::")
LENGTH = re.compile(r"[0-9]{1,12}")


class Reply(Exception):
    """An answer other than 200, with the message the page shows."""

    def __init__(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        super().__init__(body.get("message", ""))
        self.status, self.body = status, body


def refuse(status: HTTPStatus, message: str, **extra: Any) -> Reply:
    return Reply(status, {"message": message, **extra})


@dataclass(frozen=True)
class Guard:
    """The names this server answers to, and the session's token."""

    hosts: frozenset[str]
    port: int
    token: str
    exposed: bool

    @classmethod
    def for_address(cls, host: str, bound: str, port: int) -> Guard:
        """Loopback names always; the host as given and the address bound; this machine's names when
        bound to every interface. Exposed unless the bound address is a loopback one."""
        names = {"127.0.0.1", "localhost", "::1", host, bound}
        if bound in WILDCARD:
            names |= _names_of_this_machine()
        hosts = frozenset(f"{_bracketed(n).lower()}:{port}" for n in names)
        return cls(hosts, port, secrets.token_urlsafe(24), exposed=not ipaddress.ip_address(bound).is_loopback)

    @property
    def cookie(self) -> str:
        """The cookie name; by port, since browsers share a host's cookies across its ports."""
        return f"policysim_workshop_{self.port}"

    def admit(self, headers: Message, query: dict[str, list[str]], write: bool) -> None:
        """Refuse (403) a request for another host, a cross-site or tokenless write, a tokenless read when exposed."""
        host = (headers.get("Host") or "").strip().lower()
        if host not in self.hosts:
            raise refuse(HTTPStatus.FORBIDDEN, f"refused: this server does not answer to Host {host!r}")
        if write:
            origin = headers.get("Origin")
            if origin is not None and origin.lower() != f"http://{host}":
                raise refuse(HTTPStatus.FORBIDDEN, f"refused: a write from another site ({origin})")
            if not self.matches(headers.get(TOKEN_HEADER)):
                raise refuse(HTTPStatus.FORBIDDEN, "refused: the session token is missing or wrong; "
                                                   "reload the page (a restarted server has a new token)")
        elif self.exposed and not any(map(self.matches, (headers.get(TOKEN_HEADER), query.get("token", [""])[0],
                                                         self._cookie(headers)))):
            raise refuse(HTTPStatus.FORBIDDEN, "refused: open the address `policysim workshop` printed, "
                                               "with its ?token=...")

    def matches(self, token: str | None) -> bool:
        if not token:
            return False
        return hmac.compare_digest(token.encode(), self.token.encode())

    def set_cookie(self) -> str:
        return f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"

    def _cookie(self, headers: Message) -> str | None:
        try:
            morsel = SimpleCookie(headers.get("Cookie") or "").get(self.cookie)
        except CookieError:
            return None
        return morsel.value if morsel else None


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _names_of_this_machine() -> set[str]:
    """The host name, its full name and the addresses it resolves to (how others on the network name it)."""
    name = socket.gethostname()
    try:
        _, aliases, addresses = socket.gethostbyname_ex(name)
    except OSError:
        aliases, addresses = [], []
    return {name, socket.getfqdn(name), *aliases, *addresses}


def read_json(headers: Message, stream: io.BufferedIOBase, timeout: float) -> dict[str, Any]:
    """The body of a write as a JSON object, read within `timeout` seconds, or Reply."""
    data = _read(stream, _declared_length(headers), timeout)
    try:
        body = json.loads(data or b"{}", parse_constant=NotFinite, parse_float=_finite_float)
    except ValueError:
        raise refuse(HTTPStatus.BAD_REQUEST, "the request is not JSON") from None
    if not isinstance(body, dict):
        raise refuse(HTTPStatus.BAD_REQUEST, "the request must be a JSON object")
    errors = {path: f"{bad.token} is not a number the form accepts (finite numbers only)"
              for path, bad in _non_finite(body)}
    if errors:
        raise refuse(HTTPStatus.BAD_REQUEST, "; ".join(f"{p}: {m}" for p, m in errors.items()), errors=errors)
    return body


def _declared_length(headers: Message) -> int:
    raw = headers.get("Content-Length")
    if raw is None:
        raise refuse(HTTPStatus.LENGTH_REQUIRED, "a write must say its Content-Length")
    if not LENGTH.fullmatch(raw.strip()):
        raise refuse(HTTPStatus.BAD_REQUEST, f"Content-Length {raw!r} is not a length in bytes")
    length = int(raw)
    if length > MAX_BODY:
        raise refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request too large ({length} bytes; at most {MAX_BODY})")
    return length


def _read(stream: io.BufferedIOBase, length: int, timeout: float) -> bytes:
    """Exactly `length` bytes, or 408 once `timeout` has passed (the socket's own timeout bounds each wait)."""
    deadline = time.monotonic() + timeout
    chunks, missing = [], length
    try:
        while missing:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = stream.read1(min(missing, 65536))
            if not chunk:
                raise refuse(HTTPStatus.BAD_REQUEST, f"the body ended {missing} bytes short of its Content-Length")
            chunks.append(chunk)
            missing -= len(chunk)
    except TimeoutError:
        raise refuse(HTTPStatus.REQUEST_TIMEOUT, f"the body did not arrive within {timeout:g} s") from None
    return b"".join(chunks)


@dataclass(frozen=True)
class NotFinite:
    """A JSON number that is not a finite float: NaN, Infinity, -Infinity, or a literal that overflows."""

    token: str


def _finite_float(text: str) -> float | NotFinite:
    value = float(text)
    return value if math.isfinite(value) else NotFinite(text)


def _non_finite(tree: Any, prefix: str = "") -> list[tuple[str, NotFinite]]:
    """The dotted paths of every NotFinite in the parsed body."""
    if isinstance(tree, NotFinite):
        return [(prefix.rstrip("."), tree)]
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else []
    return [found for key, sub in items for found in _non_finite(sub, f"{prefix}{key}.")]
