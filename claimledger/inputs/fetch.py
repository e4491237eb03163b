"""Fetching article pages over HTTP, politely: one client, a per-host rate limit.

The transport is injectable (``httpx.BaseTransport``) so tests use
``httpx.MockTransport`` instead of the network.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from claimledger.errors import FetchError

USER_AGENT = "claimledger/0.1 (news attribution ledger; article fetcher)"
TIMEOUT_SECONDS = 20.0
MAX_BODY_BYTES = 10 * 1024 * 1024
MIN_INTERVAL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    body: bytes
    content_type: str
    charset: str | None


class Fetcher:
    """An ``httpx.Client`` with a 20 s timeout, redirects followed, a User-Agent naming
    claimledger, at most one request per second to each host and a 10 MB body limit."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        min_interval: float = MIN_INTERVAL_SECONDS,
        max_bytes: int = MAX_BODY_BYTES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = httpx.Client(
            transport=transport,
            timeout=TIMEOUT_SECONDS,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        )
        self._min_interval = min_interval
        self._max_bytes = max_bytes
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """The body of ``url``; ``FetchError`` (naming the URL) on any failure."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "only http and https URLs can be fetched")
        self._wait_for(urlsplit(url).hostname or "")
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} "
                                          f"{response.reason_phrase}; check the URL")
                body = self._read_limited(url, response)
                content_type = response.headers.get("content-type", "")
                return FetchedPage(str(response.url), body,
                                   content_type.split(";")[0].strip().lower(),
                                   response.charset_encoding)
        except httpx.HTTPError as exc:
            raise FetchError(url, f"fetch failed ({type(exc).__name__}: {exc}); "
                                  "check the URL and the network") from exc

    def _read_limited(self, url: str, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise FetchError(url, f"response is over the {self._max_bytes:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for(self, host: str) -> None:
        """Sleep until ``min_interval`` has passed since the last request to ``host``."""
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            if last is not None and now - last < self._min_interval:
                self._sleep(self._min_interval - (now - last))
                now = self._clock()
            self._last_request[host] = now
