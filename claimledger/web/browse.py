"""The browse lists: ``/claims``, ``/articles``, ``/sources``, ``/outlets`` and one outlet's
page ``/outlets/{name}``, each with ``.json`` and ``.csv`` twins.

The queries are ``claimledger.ledger.lists``; this module parses the query string,
caches the whole-ledger groupings (cluster summaries, source groups, outlet totals) until
the next write or ``LIST_TTL`` seconds, adds links and renders.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from claimledger.ledger import list_claims, list_sources
from claimledger.ledger.claim_trace import article_url, cluster_url
from claimledger.ledger.lists import (
    ARTICLE_SORTS,
    CLAIM_SORTS,
    OUTLET_SORTS,
    SOURCE_SORTS,
    Filters,
    ListPage,
    Paging,
    article_list,
    claim_list,
    outlet_claims,
    outlet_list,
    outlet_profile,
    outlet_summaries,
    source_list,
)
from claimledger.ledger.query import ClusterSummary
from claimledger.ledger.sources import NAMED_KINDS, SourceGroup
from claimledger.model import SOURCE_KINDS
from claimledger.web import svg
from claimledger.web.analyse import clean_field

if TYPE_CHECKING:
    from claimledger.web.app import Ledger

LIST_TTL = 30.0  # seconds a whole-ledger grouping is reused; writes through the app reset it
READ = ["GET", "HEAD"]

# The columns of each list: (item key, heading, sort name or None).
COLUMNS: dict[str, list[tuple[str, str, str | None]]] = {
    "claims": [("text", "claim", None), ("outlets", "outlets", "outlets"),
               ("observations", "observations", "observations"),
               ("independent_origins", "independent origins", "independent_origins"),
               ("first_seen", "first seen", "first_seen"),
               ("first_outlet", "first outlet", None),
               ("contradictions", "contradictions", "contradictions")],
    "articles": [("title", "title", None), ("outlet", "outlet", "outlet"),
                 ("published", "published", "time"), ("n_sources", "sources", "sources"),
                 ("n_attributions", "attributions", "attributions"),
                 ("n_claims", "claims", "claims")],
    "sources": [("name", "source", "name"), ("kind", "kind", None),
                ("articles", "articles", "articles"), ("outlets", "outlets", "outlets"),
                ("claims", "claims held", "claims")],
    "outlets": [("name", "outlet", "name"), ("articles", "articles", "articles"),
                ("claims", "claims", "claims"), ("sources", "sources", None),
                ("anonymous_share", "anonymous or unnamed", "anonymous_share"),
                ("first_published", "first published", None),
                ("last_published", "last published", "last_published")],
}
TITLES = {"claims": "Claims", "articles": "Articles", "sources": "Sources",
          "outlets": "Outlets"}


def _int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a whole number") from None


def parse_request(request: Request) -> tuple[Filters, Paging, str | None, str | None]:
    p = request.query_params
    filters = Filters(q=clean_field(p.get("q"), 300), outlet=clean_field(p.get("outlet"), 200),
                      since=clean_field(p.get("since"), 32),
                      until=clean_field(p.get("until"), 32),
                      kind=clean_field(p.get("kind"), 40))
    paging = Paging.of(_int(p.get("page"), "page"), _int(p.get("per_page"), "per_page"))
    return filters, paging, clean_field(p.get("sort"), 40), clean_field(p.get("order"), 4)


def outlet_url(name: str | None) -> str | None:
    return None if not name else "/outlets/" + quote(name, safe="")


def source_page_url(identity: str) -> str:
    return "/sources/" + quote("n:" + identity, safe="")


def _linked(kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each item with the URL of its own page (``url``) and of its outlet's."""
    out = []
    for item in items:
        item = dict(item)
        if kind == "claims":
            item["url"] = cluster_url(item["id"])
            item["first_outlet_url"] = outlet_url(item.get("first_outlet"))
        elif kind == "articles":
            item["url"] = article_url(item["id"])
            item["outlet_url"] = outlet_url(item.get("outlet"))
        elif kind == "sources":
            named = item["kind"] in NAMED_KINDS and item["identity"]
            item["url"] = source_page_url(item["identity"]) if named else None
        elif kind == "outlets":
            item["url"] = outlet_url(item.get("name"))
        out.append(item)
    return out


def as_csv(items: list[dict[str, Any]]) -> str:
    """The items as CSV: one column per key of the first item; lists joined with "; ",
    mappings as JSON."""
    buffer = io.StringIO()
    if not items:
        return ""
    keys = list(items[0])
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for item in items:
        row = []
        for key in keys:
            value = item.get(key)
            if isinstance(value, list | tuple):
                value = "; ".join(str(v) for v in value)
            elif isinstance(value, dict):
                value = json.dumps(value, sort_keys=True)
            row.append("" if value is None else value)
        writer.writerow(row)
    return buffer.getvalue()


def csv_response(items: list[dict[str, Any]], name: str) -> Response:
    return Response(as_csv(items), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.csv"'})


def page_links(request: Request, page: ListPage) -> dict[str, Any]:
    """URLs of the neighbouring pages and of each column's sort (toggling the order when
    the list is already sorted by it), keeping the other query parameters."""
    params = {k: v for k, v in request.query_params.items() if v}

    def url(**changes: Any) -> str:
        merged = {**params, **{k: str(v) for k, v in changes.items()}}
        return request.url.path + "?" + urlencode(merged)

    last = max((page.total + page.per_page - 1) // page.per_page, 1)
    return {
        "prev": url(page=page.page - 1) if page.page > 1 else None,
        "next": url(page=page.page + 1) if page.page < last else None,
        "last_page": last,
        "sort_url": lambda name: url(sort=name, page=1, order=(
            "asc" if page.sort == name and page.order == "desc" else
            "desc" if page.sort == name else "")),
    }


def register_browse_routes(app: FastAPI, ledger: Ledger) -> None:
    groupings: dict[str, Callable[[], Any]] = {
        "claim-summaries": lambda: list_claims(ledger.store()),
        "source-groups": lambda: list_sources(ledger.store()),
        "outlet-summaries": lambda: outlet_summaries(ledger.store()),
    }
    for key, compute in groupings.items():
        ledger.warm(key, compute)

    def summaries() -> list[ClusterSummary]:
        found: list[ClusterSummary] = ledger.cached(
            "claim-summaries", LIST_TTL, groupings["claim-summaries"])
        return found

    def groups() -> list[SourceGroup]:
        found: list[SourceGroup] = ledger.cached(
            "source-groups", LIST_TTL, groupings["source-groups"])
        return found

    def outlets() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = ledger.cached(
            "outlet-summaries", LIST_TTL, groupings["outlet-summaries"])
        return found

    def build(kind: str, request: Request) -> ListPage:
        filters, paging, sort, order = parse_request(request)
        store = ledger.store()
        if kind == "claims":
            return claim_list(store, summaries(), filters=filters, sort=sort or "outlets",
                              order=order, paging=paging)
        if kind == "articles":
            return article_list(store, filters=filters, sort=sort or "time", order=order,
                                paging=paging)
        if kind == "sources":
            return source_list(groups(), filters=filters, sort=sort or "articles",
                               order=order, paging=paging)
        return outlet_list(outlets(), filters=filters, sort=sort or "articles", order=order,
                           paging=paging)

    sorts: dict[str, list[str]] = {
        "claims": list(CLAIM_SORTS), "articles": list(ARTICLE_SORTS),
        "sources": list(SOURCE_SORTS), "outlets": list(OUTLET_SORTS)}

    def routes(kind: str) -> None:
        def as_json(request: Request) -> Response:
            page = build(kind, request)
            return JSONResponse({**page.to_dict(), "items": _linked(kind, page.items)})

        def as_csv_file(request: Request) -> Response:
            return csv_response(_linked(kind, build(kind, request).items), kind)

        def as_html(request: Request) -> Response:
            from claimledger.web.pages import render_page

            filters, _, _, _ = parse_request(request)
            page = build(kind, request)
            data = {"page": kind, **page.to_dict(), "items": _linked(kind, page.items),
                    "filters": {"q": filters.q, "outlet": filters.outlet,
                                "since": filters.since, "until": filters.until,
                                "kind": filters.kind}}
            return render_page(request, "list.html", data, {
                "kind": kind, "title": TITLES[kind], "columns": COLUMNS[kind],
                "sorts": sorts[kind], "links": page_links(request, page),
                "kinds": SOURCE_KINDS, "csv_url": _twin(request, ".csv"),
                "json_url": _twin(request, ".json")})

        app.add_api_route(f"/{kind}.json", as_json, methods=READ)
        app.add_api_route(f"/{kind}.csv", as_csv_file, methods=READ)
        app.add_api_route(f"/{kind}", as_html, methods=READ)

    for kind in ("claims", "articles", "sources", "outlets"):
        routes(kind)

    def outlet(request: Request, name: str) -> dict[str, Any]:
        found = next((o for o in outlets() if o["name"] == name), None)
        if found is None:
            raise HTTPException(404, "Nothing here: no such page, article, source or claim.")
        filters, paging, sort, order = parse_request(request)
        store = ledger.store()
        articles = article_list(store, filters=Filters(outlet=name, q=filters.q),
                                sort=sort or "time", order=order, paging=paging)
        claims = outlet_claims(store, name, summaries())
        for key in ("first", "repeated"):
            claims[key] = _linked("claims", claims[key])
        return {"page": "outlet", "outlet": found,
                "articles": {**articles.to_dict(), "items": _linked("articles",
                                                                    articles.items)},
                "profile": outlet_profile(store, name), "claims": claims}

    def outlet_json(request: Request, name: str) -> Response:
        return JSONResponse(outlet(request, name))

    def outlet_html(request: Request, name: str) -> Response:
        from claimledger.web.pages import render_page

        data = outlet(request, name)
        articles = ListPage(**{k: data["articles"][k] for k in (
            "total", "page", "per_page", "items", "sort", "order")})
        return render_page(request, "outlet.html", data, {
            "profile_chart": svg.profile_over_time(data["profile"]),
            "links": page_links(request, articles), "columns": COLUMNS["articles"],
            "kinds": SOURCE_KINDS})

    app.add_api_route("/outlets/{name}.json", outlet_json, methods=READ)
    app.add_api_route("/outlets/{name}", outlet_html, methods=READ)


def _twin(request: Request, suffix: str) -> str:
    query = request.url.query
    return request.url.path + suffix + ("?" + query if query else "")


