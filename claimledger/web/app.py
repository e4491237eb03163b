"""``create_app``: the FastAPI app serving the ledger (see ``docs/web.md``).

Every page ``/x`` has a JSON twin ``/x.json`` built from the same view dict (the read
views of ``claimledger.ledger.views`` and the lists of ``claimledger.ledger.lists``);
the HTML is a Jinja2 template over that dict. The app runs no SQL: reads call those
functions with one store connection per worker thread; writes (analyse-and-store) go
through one lock. With ``read_only=True`` no write route is registered at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from claimledger.errors import AnalyseBusy, InputError, StoreError
from claimledger.ledger.store import Store, open_store
from claimledger.ledger.views import ledger_fingerprint
from claimledger.render.html import STATIC_DIR, template_env
from claimledger.web import browse, pages
from claimledger.web.security import (
    DEFAULT_MAX_BODY,
    BodyLimit,
    HostAllowlist,
    SecurityHeaders,
    allowed_names,
    check_token,
)
from claimledger.web.workers import DEFAULT_QUEUE, DEFAULT_WORKERS, AnalysePool

DEFAULT_MAX_ANALYSE_CHARS = 200_000  # characters of text one analyse request may carry

BUSY_RETRY_SECONDS = 5  # what a 503 from a full analyse pool asks the client to wait
OVERVIEW_TTL = 30.0  # seconds an overview is reused; any write through the app resets it


class Ledger:
    """The app's access to the store: a connection per thread, one writer at a time."""

    def __init__(self, url: str) -> None:
        self.url = url
        first = open_store(url)  # creates and migrates a new ledger once, up front
        self._local = threading.local()
        self._local.store = first
        self._all: list[Store] = [first]
        self._guard = threading.Lock()
        self.write_lock = threading.Lock()
        self._cache: dict[str, tuple[float, Any]] = {}
        self._states: dict[str, tuple[Any, ...]] = {}  # ledger state each value was computed at
        self._refreshing: set[str] = set()
        self._warming: dict[str, Future[None]] = {}
        self._refresher = ThreadPoolExecutor(max_workers=1,
                                             thread_name_prefix="claimledger-refresh")

    def store(self) -> Store:
        found: Store | None = getattr(self._local, "store", None)
        if found is None:
            found = open_store(self.url, migrate=False)
            self._local.store = found
            with self._guard:
                self._all.append(found)
        return found

    def state(self) -> tuple[Any, ...]:
        """The ledger's content fingerprint (``ledger.views.ledger_fingerprint``)."""
        return ledger_fingerprint(self.store())

    def _compute(self, key: str, compute: Callable[[], Any]) -> Any:
        state = self.state()  # before computing: a change meanwhile is seen next time
        value = compute()
        self._cache[key] = (time.monotonic(), value)
        self._states[key] = state
        return value

    def cached(self, key: str, ttl: float, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value, reused for ``ttl`` seconds. An expired value is still
        served while one background thread checks the ledger and recomputes it only if
        the ledger changed (``state``), so a whole-ledger grouping that takes seconds on
        a large ledger is paid once per change, not by every ``ttl``-th page.
        """
        hit = self._cache.get(key)
        if hit is None:
            warming = self._warming.get(key)
            if warming is not None:  # being computed at start: wait for it, not twice
                warming.result()
                hit = self._cache.get(key)
                if hit is not None:
                    return hit[1]
            return self._compute(key, compute)
        if time.monotonic() - hit[0] >= ttl:
            self._refresh(key, compute)
        return hit[1]

    def warm(self, key: str, compute: Callable[[], Any]) -> None:
        """Compute ``key``'s value in the background now (at start), so the first page
        that needs a whole-ledger grouping does not pay for it."""
        def work() -> None:
            if key not in self._cache:
                self._compute(key, compute)

        self._warming[key] = self._refresher.submit(work)

    def _refresh(self, key: str, compute: Callable[[], Any]) -> None:
        with self._guard:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def work() -> None:
            try:
                hit = self._cache.get(key)
                if hit is not None and self._states.get(key) == self.state():
                    self._cache[key] = (time.monotonic(), hit[1])  # unchanged: still holds
                    return
                state = self.state()
                value = compute()
                if key in self._cache:  # not invalidated meanwhile
                    self._cache[key] = (time.monotonic(), value)
                    self._states[key] = state
            finally:
                with self._guard:
                    self._refreshing.discard(key)

        # One long-lived refresh thread: it keeps one store connection (thread-local).
        self._refresher.submit(work)

    def invalidate(self) -> None:
        self._cache.clear()
        self._states.clear()

    def close(self) -> None:
        self._refresher.shutdown(wait=True, cancel_futures=True)
        with self._guard:
            for store in self._all:
                # A connection of a finished worker thread may already be unusable.
                with suppress(Exception):
                    store.close()
            self._all.clear()


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def render(name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    html = template_env().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def error_response(request: Request, status: int, message: str) -> Response:
    accept = request.headers.get("accept", "")
    if wants_json(request) or ("application/json" in accept and "text/html" not in accept):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    # The page states the server's real mode (its header says "read-only" only then).
    read_only = bool(getattr(request.app.state, "read_only", False))
    return render("error.html", {"status": status, "message": message, "nav": "",
                                 "read_only": read_only}, status)


def create_app(store_url: str, *, read_only: bool = False, token: str | None = None,
               max_body: int = DEFAULT_MAX_BODY, allowed_hosts: tuple[str, ...] = (),
               max_analyse_chars: int = DEFAULT_MAX_ANALYSE_CHARS,
               analyse_workers: int = DEFAULT_WORKERS,
               analyse_queue: int = DEFAULT_QUEUE) -> FastAPI:
    """The web app over the ledger at ``store_url``.

    ``read_only``: serve pages only; no route that writes exists (POSTs give 404/405).
    ``token``: when set, every write must carry it (form field ``token``, header
    ``Authorization: Bearer`` or ``X-Claimledger-Token``); when None only loopback
    clients may write; a token shorter than 16 characters is refused (ValueError).
    ``max_body``: the largest request body accepted, in bytes. ``allowed_hosts``: names
    the ``Host`` header may carry besides loopback names (the bound host, ``--allow-host``).
    ``max_analyse_chars``: the longest text one analyse request may carry.
    ``analyse_workers`` / ``analyse_queue``: analyses run at once / allowed to wait.
    """
    check_token(token)
    ledger = Ledger(store_url)
    pool = AnalysePool(analyse_workers, analyse_queue)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        ledger.close()

    app = FastAPI(title="claimledger", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.ledger = ledger
    app.state.read_only = read_only
    app.state.token = token
    app.state.max_body = max_body
    app.state.allowed_hosts = allowed_names(allowed_hosts)
    app.state.max_analyse_chars = max_analyse_chars
    app.state.analyse_pool = pool
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        friendly = {"Not Found": "Nothing here: no such page, article, source or claim.",
                    "Method Not Allowed": "This server does not accept that request here."}
        detail = str(exc.detail)
        response = error_response(request, exc.status_code, friendly.get(detail, detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, "The request's parameters are not valid.")

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, exc.reason)

    @app.exception_handler(AnalyseBusy)
    async def busy(request: Request, exc: AnalyseBusy) -> Response:
        response = error_response(request, 503, "The server is analysing as many articles "
                                                "as it can; try again in a few seconds.")
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response

    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, "The ledger database is unavailable; "
                                            "try again shortly.")

    browse.register_browse_routes(app, ledger)
    pages.register_read_routes(app, ledger)
    if not read_only:
        pages.register_write_routes(app, ledger)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(HostAllowlist, allowed=app.state.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app
