"""The terminal rendering of one analysis (``claimledger analyze --format text``).

Works from ``Analysis.to_dict()`` so it shows exactly what the JSON contract says.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimledger.model import Analysis

KIND_STYLE = {
    "named_person": "green",
    "named_organization": "green",
    "official_unnamed": "cyan",
    "publication": "blue",
    "document": "blue",
    "anonymous": "red",
    "unnamed_group": "yellow",
}


def _excerpt(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def print_analysis(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    data = analysis.to_dict()
    _header(console, data["document"])
    _attributions(console, data)
    _sources(console, data)
    if data.get("profile"):
        _profile(console, data["profile"])
    if data.get("claims"):
        _claims(console, data)
    console.print()


def _header(console: Console, document: dict[str, Any]) -> None:
    title = document.get("title") or document.get("path") or document.get("url") or "<text>"
    console.rule(Text(str(title), style="bold"))
    facts = [f"{key}: {document[key]}" for key in ("outlet", "published", "url", "encoding")
             if document.get(key)]
    if document.get("authors"):
        facts.append("authors: " + ", ".join(document["authors"]))
    facts.append(f"{len(document['text'].split()):,} words")
    console.print(Text(" · ".join(facts), style="dim"))


def _attributions(console: Console, data: dict[str, Any]) -> None:
    sources = {s["id"]: s for s in data["sources"]}
    table = Table(title=f"Attributions ({len(data['attributions'])})", box=box.SIMPLE_HEAD,
                  show_lines=False, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("source")
    table.add_column("cue")
    table.add_column("content", ratio=3)
    for attribution in data["attributions"]:
        source = sources.get(attribution["source"] or "")
        who = Text("?")
        if source is not None:
            who = Text(source["name"], style=KIND_STYLE.get(source["kind"], ""))
            who.append(f"\n{source['kind']}", style="dim")
        cue = attribution["cue"]["text"] if attribution["cue"] else "—"
        table.add_row(attribution["id"], attribution["kind"], who, cue,
                      _excerpt(attribution["content"]["text"]))
    console.print(table)


def _sources(console: Console, data: dict[str, Any]) -> None:
    table = Table(title=f"Sources ({len(data['sources'])})", box=box.SIMPLE_HEAD, expand=True)
    for column in ("id", "name", "kind", "role", "affiliation", "anonymity reason", "mentions"):
        table.add_column(column)
    for source in data["sources"]:
        table.add_row(source["id"], source["name"],
                      Text(source["kind"], style=KIND_STYLE.get(source["kind"], "")),
                      source["role"] or "", source["affiliation"] or "",
                      source["anonymity_reason"] or "", str(len(source["mentions"])))
    console.print(table)


def _profile(console: Console, profile: dict[str, Any]) -> None:
    table = Table(title="Sourcing profile", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("measure")
    table.add_column("value")
    for key, value in profile.items():
        table.add_row(key.replace("_", " "), _format_value(value))
    console.print(table)


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_format_value(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "; ".join(_format_value(v) for v in value) or "—"
    return str(value)


def _claims(console: Console, data: dict[str, Any]) -> None:
    sources = {s["id"]: s["name"] for s in data["sources"]}
    table = Table(title=f"Claims ({len(data['claims'])})", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("holder")
    table.add_column("support")
    table.add_column("hedges")
    table.add_column("claim", ratio=3)
    for claim in data["claims"]:
        holder = sources.get(claim.get("holder") or "", "outlet's own voice")
        support = claim.get("support") or {}
        hedges = ", ".join(h.get("cue", h.get("span", {}).get("text", ""))
                           for h in claim.get("hedges", []))
        table.add_row(claim["id"], holder, str(support.get("label", "")), hedges,
                      _excerpt(claim["span"]["text"]))
    console.print(table)
