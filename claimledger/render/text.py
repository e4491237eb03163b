"""The terminal rendering of one analysis (``claimledger analyze --format text``).

Reads the records of the analysis; the profile is shown as its JSON (every measure the
contract has, in its order), the one place this module uses ``to_dict``.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from claimledger.model import Analysis, Document, Source

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
    _header(console, analysis.document)
    for note in analysis.notes:
        console.print(f"[bold yellow]Note:[/] {escape(note)}")
    _attributions(console, analysis)
    _sources(console, analysis.sources)
    if analysis.profile is not None:
        _profile(console, analysis.profile.to_dict())
    if analysis.claims:
        _claims(console, analysis)
    console.print()


def _header(console: Console, document: Document) -> None:
    title = document.title or document.path or document.url or "<text>"
    console.rule(Text(str(title), style="bold"))
    facts = [f"{key}: {value}" for key, value in (
        ("outlet", document.outlet), ("published", document.published),
        ("url", document.url), ("encoding", document.encoding)) if value]
    if document.authors:
        facts.append("authors: " + ", ".join(document.authors))
    facts.append(f"{len(document.text.split()):,} words")
    console.print(Text(" · ".join(facts), style="dim"))


def _attributions(console: Console, analysis: Analysis) -> None:
    """One block per attribution: who, how identified, the cue, then the content.

    Blocks rather than a table: content is long and terminals are often 80 columns.
    """
    console.print(Text(f"\nAttributions ({len(analysis.attributions)})", style="bold"))
    for attribution in analysis.attributions:
        line = Text(f"{attribution.id:>4} ", style="dim")
        line.append(f"{attribution.kind:<8} ", style="magenta")
        source = analysis.source_by_id(attribution.source) if attribution.source else None
        if source is None:
            line.append("unresolved source", style="red")
        else:
            line.append(source.name, style=f"bold {KIND_STYLE.get(source.kind, '')}")
            line.append(f" ({source.kind})", style="dim")
        cue = attribution.cue.text if attribution.cue else "continuation"
        line.append(f" · {cue}", style="cyan")
        console.print(line)
        console.print(Text(f"       {_excerpt(attribution.content.text, 300)}"))


def _sources(console: Console, sources: tuple[Source, ...]) -> None:
    table = Table(title=f"Sources ({len(sources)})", box=box.SIMPLE_HEAD, expand=True)
    for column in ("id", "name", "kind", "role", "affiliation", "anonymity reason", "mentions"):
        table.add_column(column)
    for source in sources:
        table.add_row(source.id, source.name,
                      Text(source.kind, style=KIND_STYLE.get(source.kind, "")),
                      source.role or "", source.affiliation or "",
                      source.anonymity_reason or "", str(len(source.mentions)))
    console.print(table)


def _profile(console: Console, profile: dict[str, Any]) -> None:
    table = Table(title="Sourcing profile", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("measure", style="bold")
    table.add_column("value")
    notes: list[Any] = []
    for key, value in profile.items():
        if key == "notable" and isinstance(value, list):
            notes = value
            continue
        table.add_row(key.replace("_", " "), _format_value(value))
    console.print(table)
    for note in notes:
        if isinstance(note, dict):
            line = Text(f"  • {note.get('fact', '')}")
            if note.get("reason"):
                line.append(f" ({note['reason']})", style="dim")
            console.print(line)
        else:
            console.print(Text(f"  • {note}"))


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        # Zero counts are noise in a profile read at a glance.
        shown = {k: v for k, v in value.items() if v not in (0, 0.0, None)}
        return ", ".join(f"{k}: {_format_value(v)}" for k, v in shown.items()) or "—"
    if isinstance(value, list):
        return "; ".join(_format_value(v) for v in value) or "—"
    return str(value)


def _claims(console: Console, analysis: Analysis) -> None:
    names = {s.id: s.name for s in analysis.sources}
    console.print(Text(f"\nClaims ({len(analysis.claims)})", style="bold"))
    for claim in analysis.claims:
        holder = names.get(claim.holder or "", "outlet's own voice")
        line = Text(f"{claim.id:>4} ", style="dim")
        line.append(holder, style="bold")
        if claim.support.label:
            line.append(f" · {claim.support.label}", style="yellow")
        hedges = [f"{h.cue or h.span.text} ({h.cue_type})" for h in claim.hedges]
        if hedges:
            line.append(" · hedges: " + ", ".join(hedges), style="cyan")
        console.print(line)
        console.print(Text(f"       {_excerpt(claim.span.text, 300)}"))
