"""The routes: each page ``/x`` and its JSON twin ``/x.json`` from one view dict.

Read routes are always registered; write routes only when the app is not read-only.
A twin route is registered before its page so ``/articles/ID.json`` is never taken for
an article id ending in ``.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from claimledger.ledger import views
from claimledger.ledger.claim_trace import article_url
from claimledger.ledger.rows import publication_id
from claimledger.model import SOURCE_KINDS
from claimledger.render.html import analysis_context
from claimledger.web import svg
from claimledger.web.analyse import analyse, clean_field, document_from_form, store_analysis
from claimledger.web.security import is_loopback, same_origin, token_matches
from claimledger.web.workers import AnalysePool

if TYPE_CHECKING:
    from claimledger.web.app import Ledger

READ = ["GET", "HEAD"]  # every page answers HEAD as it answers GET (without the body)
TRACE_ROWS = 60  # observations drawn in a cluster's trace chart


def render_page(request: Request, template: str, data: dict[str, Any],
          extra: dict[str, Any] | None = None) -> Response:
    from claimledger.web.app import render

    app = request.app
    context = {"data": data, "nav": data.get("page", ""), "read_only": app.state.read_only,
               "token_required": app.state.token is not None, **(extra or {})}
    return render(template, context)


def _twins(app: FastAPI, path: str, view: Callable[..., dict[str, Any] | None],
           template: str,
           extra: Callable[[dict[str, Any], Request], dict[str, Any]] | None = None,
           json_path: str | None = None) -> None:
    """Register ``path.json`` (the view dict as JSON) and ``path`` (the template)."""

    def get_dict(request: Request) -> dict[str, Any]:
        data = view(request, **request.path_params)
        if data is None:
            raise HTTPException(404, "Nothing here: no such page, article, source or claim.")
        return data

    def as_json(request: Request) -> Response:
        return JSONResponse(get_dict(request))

    def as_html(request: Request) -> Response:
        data = get_dict(request)
        return render_page(request, template, data, extra(data, request) if extra else None)

    app.add_api_route(json_path or path + ".json", as_json, methods=READ)
    app.add_api_route(path, as_html, methods=READ)


def register_read_routes(app: FastAPI, ledger: Ledger) -> None:
    def overview_now() -> dict[str, Any]:
        return views.overview(ledger.store())

    ledger.warm("overview", overview_now)

    def overview(request: Request) -> dict[str, Any]:
        result: dict[str, Any] = ledger.cached("overview", 30.0, overview_now)
        return result

    def overview_charts(data: dict[str, Any], request: Request) -> dict[str, Any]:
        return {"monthly_chart": svg.monthly_chart(data["monthly"]),
                "mix_chart": svg.source_mix_chart(data["outlet_source_mix"]),
                "kinds": SOURCE_KINDS}

    _twins(app, "/overview", overview, "overview.html", overview_charts)
    _twins(app, "/", overview, "overview.html", overview_charts, json_path="/index.json")

    def article(article_id: str) -> views.ArticlePage:
        found = views.article(ledger.store(), article_id)
        if found is None:
            raise HTTPException(404, "Nothing here: no such page, article, source or claim.")
        return found

    def article_json(request: Request, article_id: str) -> Response:
        return JSONResponse(article(article_id).to_dict())

    def article_html(request: Request, article_id: str) -> Response:
        page = article(article_id)
        context = analysis_context(page.analysis, claim_links=page.claim_links,
                                   source_pages=page.source_pages)
        return render_page(request, "article.html", page.to_dict(), {"a": context})

    # The JSON twin first: "/articles/{id}" would also match "ID.json".
    app.add_api_route("/articles/{article_id}.json", article_json, methods=READ)
    app.add_api_route("/articles/{article_id}", article_html, methods=READ)

    def source(request: Request, key: str) -> dict[str, Any] | None:
        return views.source(ledger.store(), key)

    _twins(app, "/sources/{key}", source, "source.html", lambda data, request: {
        # Only appearances with a known publication date are placed in time.
        "timeline": svg.dot_timeline([{"time": a["published"], "label": a["outlet"] or "",
                                       "weight": len(a["attributions"]),
                                       "href": f"#appearance-{i}"}
                                      for i, a in enumerate(data["appearances"], 1)
                                      if a["published"]], width=560)})

    def cluster(request: Request, cluster_id: str) -> dict[str, Any] | None:
        # The same document as `claimledger trace --format json`.
        return views.trace_document(ledger.store(), cluster_id)

    _twins(app, "/claims/{cluster_id}", cluster, "cluster.html", lambda data, request: {
        "nav": "claims", "trace": _trace_chart(data), "copies": copy_pairs(data),
        "trace_rows": TRACE_ROWS,
        "by_uid": {o["uid"]: o for o in data["observations"]}})

    def search(request: Request) -> dict[str, Any]:
        from claimledger.web.browse import parse_request

        p = request.query_params
        _, paging, _, _ = parse_request(request)
        return views.search(
            ledger.store(), (p.get("q") or "")[:300],
            outlet=clean_field(p.get("outlet"), 200),
            since=clean_field(p.get("since"), 32), until=clean_field(p.get("until"), 32),
            kind=clean_field(p.get("kind"), 40), support=clean_field(p.get("support"), 40),
            page=paging.page, per_page=paging.per_page)

    def search_options(data: dict[str, Any], request: Request) -> dict[str, Any]:
        options: dict[str, list[str]] = ledger.cached(
            "search-options", 30.0, lambda: views.search_choices(ledger.store()))
        from claimledger.ledger.lists import ListPage
        from claimledger.web.browse import page_links

        biggest = max(data["totals"].values())
        pages = page_links(request, ListPage(biggest, data["page"], data["per_page"],
                                                      [], "", ""))
        return {**options, "kinds": (*SOURCE_KINDS, "outlet"), "nav": "search",
                "links": pages}

    _twins(app, "/search", search, "search.html", search_options)

    async def analyse_form(request: Request) -> Response:
        return render_page(request, "analyse.html", {"page": "analyse", "result": None,
                                               "error": None, "stored": None})

    app.add_api_route("/analyse", analyse_form, methods=READ)
    app.add_api_route("/analyse.json", _analyse_handler(ledger, store=False),
                      methods=["POST"])
    app.add_api_route("/analyse", _analyse_handler(ledger, store=False), methods=["POST"])


COPY_PAIRS = 5  # copy links shown side by side on a trace page


def copy_pairs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The first ``COPY_PAIRS`` ``copies`` edges as (later, earlier) observations with the
    words both texts share marked."""
    by_uid = {o["uid"]: o for o in data["observations"]}
    out = []
    for edge in data["edges"]:
        if edge["kind"] != "copies" or edge["src"] not in by_uid or edge["dst"] not in by_uid:
            continue
        later, earlier = by_uid[edge["src"]], by_uid[edge["dst"]]
        later_text, earlier_text = svg.mark_shared_words(later["text"], earlier["text"])
        out.append({"later": later, "earlier": earlier, "later_text": later_text,
                    "earlier_text": earlier_text})
        if len(out) == COPY_PAIRS:
            break
    return out


def _trace_chart(data: dict[str, Any]) -> Any:
    """The trace picture of the earliest ``TRACE_ROWS`` observations: a picture of hundreds
    of rows helps nobody, and the tree and table below list every observation."""
    shown = data["observations"][:TRACE_ROWS]
    uids = {o["uid"] for o in shown}
    return svg.trace_chart(shown, [e for e in data["edges"] if e["src"] in uids])


def register_write_routes(app: FastAPI, ledger: Ledger) -> None:
    """``POST /articles`` (and ``.json``): analyse the posted article and store it."""
    app.add_api_route("/articles.json", _analyse_handler(ledger, store=True),
                      methods=["POST"])
    app.add_api_route("/articles", _analyse_handler(ledger, store=True), methods=["POST"])


def _check_write(request: Request, form_token: str | None) -> None:
    """Refuse a write unless it carries the app's token (or, with no token configured,
    comes from a loopback client), and refuse cross-site form posts always."""
    if not same_origin(request.headers, request.app.state.allowed_hosts):
        raise HTTPException(403, "Writes must come from this site's own pages.")
    expected: str | None = request.app.state.token
    if expected is None:
        client = request.client.host if request.client else None
        if not is_loopback(client):
            raise HTTPException(403, "This server has no write token; only local clients "
                                     "may add articles.")
        return
    header = request.headers.get("authorization", "")
    given = form_token or request.headers.get("x-claimledger-token") or \
        (header[7:] if header.lower().startswith("bearer ") else None)
    if not token_matches(given, expected):
        raise HTTPException(401, "Adding to the ledger needs this server's token.",
                            headers={"WWW-Authenticate": "Bearer"})


def _analyse_handler(ledger: Ledger, *, store: bool) -> Callable[[Request], Any]:
    async def handler(request: Request) -> Response:
        data: bytes | None = None
        filename = None
        # The form's temporary files are closed as soon as they are read.
        async with request.form(max_files=1, max_fields=20,
                                max_part_size=request.app.state.max_body) as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            if store:
                _check_write(request, fields.get("token"))
            upload = form.get("file")
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read()
                filename = upload.filename
        document = document_from_form(
            fields.get("text"), data, filename, url=clean_field(fields.get("url"), 2000),
            title=clean_field(fields.get("title")), outlet=clean_field(fields.get("outlet")),
            published=clean_field(fields.get("published"), 32))
        limit: int = request.app.state.max_analyse_chars
        if len(document.text) > limit:
            raise HTTPException(413, f"The text is {len(document.text):,} characters long; "
                                     f"this server analyses at most {limit:,} per request. "
                                     "Send a shorter text or split it.")
        pool: AnalysePool = request.app.state.analyse_pool
        analysis = await pool.run(lambda: analyse(document))
        stored = await run_in_threadpool(store_analysis, ledger, analysis) if store else None
        article_id = publication_id(analysis.document)
        if request.url.path.endswith(".json"):
            body: dict[str, Any] = {"page": "analyse", "stored": stored,
                                    "analysis": analysis.to_dict()}
            if store:
                body["article_url"] = article_url(article_id)
            return JSONResponse(body, status_code=201 if stored else 200)
        if store:
            return RedirectResponse(article_url(article_id), status_code=303)
        result = analysis.to_dict()
        data_dict = {"page": "analyse", "result": result, "stored": None, "error": None}
        return render_page(request, "analyse.html", data_dict,
                     {"a": analysis_context(analysis),
                      "pasted": analysis.document.text})

    return handler
