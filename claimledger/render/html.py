"""The per-article HTML report (``claimledger analyze --format html``) and the templates.

The report is one self-contained file: the web app's stylesheet and script are inlined,
nothing is fetched from anywhere, and every piece of article text is escaped (Jinja2
autoescape plus ``render.marks`` for the highlighted body). The web app renders the very
same ``_analysis.html`` partial for its article and analyse pages, from the same
``analysis_context``, so a report and a page never disagree.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape

from claimledger.ledger.titles import display_title
from claimledger.model import Analysis
from claimledger.render.marks import (
    MARK_KINDS,
    MARK_LABELS,
    highlight_html,
    mark_counts,
    marks_from_analysis,
)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@cache
def template_env() -> Environment:
    """The Jinja2 environment of every page: autoescaping on; a missing field renders
    empty, because later layers may be absent from an analysis."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda value: f"{100 * float(value or 0):.0f}%"
    env.filters["num"] = _format_number
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.filters["highlight"] = highlight_terms
    env.filters["num_as"] = format_as_written
    env.globals["safe_url"] = safe_url
    return env


def highlight_terms(text: object, query: object) -> Markup:
    """``text`` escaped, with each word starting like a query word wrapped in ``<mark>``
    (prefix match, as the full-text index stems "markets" to "market")."""
    plain = str(text or "")
    words = sorted({w.casefold() for w in re.findall(r"\w+", str(query or "")) if len(w) > 1},
                   key=len, reverse=True)
    if not words:
        return Markup(escape(plain))
    stems = [re.escape(w[:max(4, len(w) - 2)]) for w in words]
    pattern = re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(plain):
        out.append(str(escape(plain[last:m.start()])))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(str(escape(plain[last:])))
    return Markup("".join(out))


def format_as_written(value: object, written: object) -> str:
    """A quantity's value with thousands separators only when the text wrote them:
    "in 2009" stays 2009 (not "2,009"), "12,500 troops" stays 12,500."""
    shown = _format_number(value)
    if re.search(r"\d,\d{3}", str(written or "")):
        return shown
    return shown.replace(",", "")


def _format_number(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return str(value) if value is not None else "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) address a page may link to, else None.

    Why: an article's metadata is untrusted; a ``javascript:`` URL in an ``href`` would
    run script even with every character escaped.
    """
    if isinstance(url, str) and re.match(r"(?i)^https?://[^\s\"'<>]+$", url):
        return url
    return None


def analysis_context(analysis: Analysis, *,
                     claim_links: Mapping[str, Mapping[str, Any]] | None = None,
                     source_pages: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What ``_analysis.html`` shows of an analysis's records.

    The tables show the records' JSON (the contract), made here and only here. Sources
    are enriched with the attributions and claims they hold, so each source card lists
    what the source said; the web app adds each source's ``page`` (``source_pages``, by
    source id) and each claim's cluster (``claim_links``, by claim id: ``cluster``,
    ``cluster_url``, ``cluster_size``).
    """
    data = analysis.to_dict()
    document = data["document"]
    pages = source_pages or {}
    links = claim_links or {}
    attributions = data["attributions"]
    claims = [{**c, **links.get(c["id"], {})} for c in data["claims"]]
    said: dict[str, list[dict[str, Any]]] = {}
    for a in attributions:
        if a["source"]:
            said.setdefault(a["source"], []).append(a)
    held = Counter(c.holder for c in analysis.claims if c.holder)
    sources = [
        {**s, "attributions": said.get(s["id"], []), "claims_held": held.get(s["id"], 0),
         **({"page": pages[s["id"]]} if s["id"] in pages else {})}
        for s in data["sources"]
    ]
    names = {s.id: s.name for s in analysis.sources}
    marks = marks_from_analysis(analysis)
    counts = mark_counts(marks)
    text = analysis.document.text
    return {
        "document": document,
        # Never the local path: it names our copy, not the article.
        "title": display_title(document["title"], document["url"], text),
        "words": len(text.split()),
        "body": Markup(highlight_html(text, marks)),
        "legend": [{"kind": k, "label": MARK_LABELS[k], "count": counts[k]}
                   for k in MARK_KINDS],
        "sources": sources,
        "source_names": names,
        "attributions": attributions,
        "claims": claims,
        "quantities": data["quantities"],
        "entities": data["entities"],
        "flags": data["flags"],
        "profile": _profile_rows(data["profile"]),
        "notes": data["notes"],
        "profile_chart": _kind_bars(data["profile"]),
    }


def _profile_rows(profile: object) -> list[dict[str, Any]]:
    """The profile as (measure, value) rows; nested counts become "key: n" lists."""
    if not isinstance(profile, Mapping):
        return []
    rows: list[dict[str, Any]] = []
    for key, value in profile.items():
        if key == "notable":
            continue
        if isinstance(value, Mapping):
            # Zero counts of every kind would bury the few that occur.
            shown = ", ".join(f"{str(k).replace('_', ' ')}: {_format_number(v)}"
                              for k, v in value.items() if v) or "—"
        else:
            shown = _format_number(value)
        rows.append({"measure": str(key).replace("_", " "), "value": shown})
    notable = profile.get("notable") or []
    for item in notable if isinstance(notable, list) else []:
        if isinstance(item, Mapping):
            rows.append({"measure": "notable", "value": f"{item.get('fact', '')} "
                         f"({item.get('reason', '')})"})
    return rows


def _kind_bars(profile: object) -> Markup | None:
    """Attributions by source kind as an inline SVG bar chart (one bar per kind present,
    coloured by the kind's CSS class), so the mix reads at a glance."""
    if not isinstance(profile, Mapping):
        return None
    counts = profile.get("attributions_by_source_kind")
    if not isinstance(counts, Mapping):
        return None
    rows = [(str(k), int(v)) for k, v in counts.items() if isinstance(v, int) and v > 0]
    if not rows:
        return None
    top = max(v for _, v in rows)
    label_w, bar_w, row_h = 130, 150, 20
    body = []
    for i, (kind, n) in enumerate(rows):
        y = i * row_h
        w = max(2.0, bar_w * n / top)
        name = escape(kind.replace("_", " "))
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{name}</text>'
                    f'<rect class="mix-{escape(kind)}" x="{label_w}" y="{y + 3}" '
                    f'width="{w:.1f}" height="{row_h - 6}"><title>{name}: {n}</title></rect>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{n}</text>')
    height = row_h * len(rows)
    return Markup(f'<svg class="chart profile-bars" viewBox="0 0 {label_w + bar_w + 40} '
                  f'{height}" role="img" aria-label="attributions by source kind" '
                  f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>')


@cache
def _inline_asset(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def render_report(analysis: Analysis) -> str:
    """One article's analysis as a standalone HTML page (no external resources)."""
    context = analysis_context(analysis)
    # Our own files, inlined verbatim; "</" cannot close the element early inside them.
    css = _inline_asset("app.css").replace("</", "<\\/")
    js = _inline_asset("app.js").replace("</", "<\\/")
    return template_env().get_template("report.html").render(
        **context, inline_css=Markup(css), inline_js=Markup(js))


def report_filename(analysis: Analysis) -> str:
    """A file name for the report: the input's stem (made safe) plus a short content hash,
    so two inputs with the same name never overwrite each other."""
    document = analysis.document
    base = document.path or document.url or document.title or "article"
    stem = Path(base.rstrip("/")).name.split("?")[0]
    for suffix in (".gz", ".html", ".htm", ".txt", ".warc"):
        stem = stem.removesuffix(suffix)
    stem = _UNSAFE_NAME.sub("-", stem).strip("-.")[:60] or "article"
    digest = document.id[:10] or hashlib.sha256(document.text.encode()).hexdigest()[:10]
    return f"{stem}-{digest}.html"
