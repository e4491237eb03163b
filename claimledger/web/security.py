"""The web app's guards: security headers, the request-body limit, and who may write.

- Every response carries a Content-Security-Policy that allows scripts and styles only
  from the app itself (``/static/app.js``; no inline script, no inline handlers), so an
  article that smuggles markup past escaping still cannot run anything.
- ``BodyLimit`` refuses a request body over ``max_body`` bytes with 413, whether the
  client announced its length or streams it chunked, before the app reads it.
- ``HostAllowlist`` answers 421 to a request whose ``Host`` is not one of the server's
  own names (loopback names, the bound host, ``--allow-host``): a DNS-rebinding page
  reaches the server under its attacker's name and is refused before any route runs.
- Writes need the app's token when it has one; without a token only a loopback client
  may write (the serve command refuses to listen elsewhere without one), and a write
  posted from another site's page (a cross-site form) is refused either way.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from claimledger.errors import RequestTooLarge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
DEFAULT_MAX_BODY = 5 * 1024 * 1024  # bytes: an article page is rarely a tenth of this


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


LOOPBACK_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
MIN_TOKEN_LENGTH = 16  # characters: a shorter write token can be guessed


def host_name(value: str) -> str:
    """The name part of a ``Host`` header or an origin's netloc: no port, no brackets,
    lower case, no trailing dot (``[::1]:8000`` -> ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        name = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        name = value.split(":", 1)[0]
    else:
        name = value  # a bare name, or an unbracketed IPv6 address
    return name.rstrip(".")


def allowed_names(extra: Iterable[str]) -> frozenset[str]:
    """Loopback names plus the given ones (the bound host, ``--allow-host``), normalised.

    A wildcard bind address (0.0.0.0, ::) names no host, so it allows nothing by itself.
    """
    names = {host_name(n) for n in (*LOOPBACK_NAMES, *extra) if n and n.strip()}
    return frozenset(names - {"0.0.0.0", "::", ""})


def host_allowed(host: str | None, allowed: frozenset[str]) -> bool:
    if not host:
        return False
    name = host_name(host)
    return name in allowed or is_loopback(name)


def check_token(token: str | None) -> None:
    """Refuse a write token too short to resist guessing (at start, not per request)."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(f"the write token must be at least {MIN_TOKEN_LENGTH} characters")


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so timing does not leak how much of a guess was right."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def same_origin(headers: MutableMapping[str, str] | Any,
                allowed: frozenset[str] | None = None) -> bool:
    """False when the browser says the request comes from another site's page.

    A request without Origin or Referer (curl, scripts) is not a cross-site form post.
    The origin must name this very host (and, given ``allowed``, one of the server's own
    names: a matching Host alone could be the attacker's rebound name).
    """
    origin = headers.get("origin") or headers.get("referer")
    if not origin or origin == "null":
        return origin != "null"
    host = headers.get("host", "")
    netloc = urlsplit(origin).netloc
    if netloc != host:
        return False
    return allowed is None or host_allowed(netloc, allowed)


async def _send_plain(scope: Scope, send: Send, status: int, message: str,
                      extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    """A short error answer from a middleware: JSON for ``.json`` paths and JSON
    clients, else plain text (no page chrome for a request we refuse to serve)."""
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
    if str(scope.get("path", "")).endswith(".json") or \
            ("application/json" in accept and "text/html" not in accept):
        body = json.dumps({"error": message, "status": status}).encode()
        kind = b"application/json"
    else:
        body = f"{status} {message}\n".encode()
        kind = b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body",
                "body": b"" if scope.get("method") == "HEAD" else body})


class HostAllowlist:
    """Answers 421 (400 without a Host) unless ``Host`` is one of the server's names."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if not host:
            await _send_plain(scope, send, 400, "A request must name its Host.")
        elif not host_allowed(host, self.allowed):
            await _send_plain(scope, send, 421, "This server does not answer to that host "
                              "name; start it with --allow-host NAME to serve it.")
        else:
            await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_body`` bytes with a 413 page (or JSON)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                too_big = True  # a length we cannot read is refused like one too large
            if too_big:
                await self._refuse(scope, send)
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise RequestTooLarge(f"request body over {self.max_body:,} bytes")
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except RequestTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        limit = f"{self.max_body:,} bytes"
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        wants_json = str(scope.get("path", "")).endswith(".json") or \
            ("application/json" in accept and "text/html" not in accept)
        if wants_json:
            body = json.dumps({"error": "request body too large", "status": 413,
                               "limit_bytes": self.max_body}).encode()
            kind = b"application/json"
        else:
            body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>413 Request body too large</title>"
                    "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main>"
                    "<h1>Request body too large</h1><p class=\"error-box\">The upload is "
                    f"over this server's limit of {limit}. Send a single article, or start "
                    "the server with a larger limit.</p><p><a href=\"/analyse\">Back</a></p>"
                    "</main></body></html>").encode()
            kind = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", kind),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
