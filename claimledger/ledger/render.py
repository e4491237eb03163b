"""Terminal renderings (rich) of the ledger queries: tables and the trace tree."""

from __future__ import annotations

from collections import defaultdict

from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from claimledger.ledger.base import Row
from claimledger.ledger.query import ClusterSummary, Trace
from claimledger.ledger.sources import SourceGroup

# When an observation has several edges, the tree hangs it under the strongest one.
_EDGE_PRIORITY = {"cites": 0, "copies": 1, "same_article": 2, "same_source": 3}


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def claims_table(clusters: list[ClusterSummary]) -> Table:
    table = Table(title=f"{len(clusters)} claim clusters", title_justify="left")
    for column in ("canonical id", "outlets", "obs.", "origins", "first seen",
                   "first outlet", "claim"):
        table.add_column(column, overflow="fold" if column == "claim" else "ellipsis")
    for c in clusters:
        origins = "-" if c.origins is None else str(c.origins)
        if c.anonymous_origins:
            origins += f" ({c.anonymous_origins} anon.)"
        claim = escape(_short(c.text))
        if c.contradictions:
            claim += f" [red]⚠ {c.contradictions} contradiction(s)[/red]"
        table.add_row(c.canonical_id, str(c.outlets), str(c.observations), origins,
                      (c.first_seen or "")[:10], escape(c.first_outlet or "?"), claim)
    return table


def sources_table(groups: list[SourceGroup]) -> Table:
    table = Table(title=f"{len(groups)} sources", title_justify="left")
    for column in ("source", "kind", "articles", "outlets", "claims", "also named"):
        table.add_column(column)
    for g in groups:
        others = ", ".join(n for n in g.names if n != g.name)
        table.add_row(escape(g.name), g.kind, str(g.articles), str(g.outlets),
                      str(g.claims), escape(_short(others, 60)))
    return table


def _label(obs: Row) -> str:
    holder = obs["holder_name"] or "the outlet's own voice"
    kind = f" ({obs['holder_kind']})" if obs["holder_kind"] else ""
    when = (obs["time"] or "????")[:10]
    outlet = obs["outlet"] or obs["title"] or obs["article_id"][:12]
    support = f" · support: {obs['support']}" if obs["support"] else ""
    attribution = f" · {obs['attribution_kind']} quote" if obs["attribution_kind"] else ""
    return (f"[bold]{escape(when)}[/bold] [cyan]{escape(outlet)}[/cyan] — "
            f"{escape(holder)}{escape(kind)}{escape(attribution)}{escape(support)}\n"
            f"[dim]{escape(obs['uid'])}[/dim] “{escape(_short(obs['text']))}”")


def trace_tree(found: Trace) -> Tree:
    """Who said it first (roots, earliest first) and who repeated whom (children)."""
    title = f"[bold]claim {escape(found.canonical_id)}[/bold]: " \
            f"{len(found.observations)} observation(s)"
    if found.origins:
        anon = sum(1 for o in found.origins if o["anonymous"])
        title += f", {len(found.origins)} independent origin(s)"
        title += f" ({anon} anonymous)" if anon else ""
    elif not found.linked:
        title += " (not linked yet: run `claimledger link`)"
    root = Tree(title)
    members = {o["uid"]: o for o in found.observations}
    parent: dict[str, Row] = {}
    for edge in sorted(found.edges, key=lambda e: _EDGE_PRIORITY.get(e["kind"], 9)):
        if edge["src"] in members and edge["src"] not in parent:
            parent[edge["src"]] = edge
    children: dict[str, list[str]] = defaultdict(list)
    for uid in members:  # already earliest first
        if uid in parent:
            children[parent[uid]["dst"]].append(uid)
    placed: set[str] = set()

    def grow(node: Tree, uid: str) -> None:
        for child in children.get(uid, []):
            if child in placed:
                continue
            placed.add(child)
            edge = parent[child]
            branch = node.add(f"[magenta]{escape(edge['kind'])}[/magenta] "
                              f"[dim]({escape(edge['reason'] or '')})[/dim] ← "
                              + _label(members[child]))
            grow(branch, child)

    for uid, obs in members.items():
        if uid in parent and parent[uid]["dst"] in members:
            continue
        if uid in parent:  # hangs under a virtual observation: an outlet not in the ledger
            continue
        placed.add(uid)
        grow(root.add(_label(obs)), uid)
    for dst in sorted({e["dst"] for e in parent.values() if e["dst"] not in members}):
        grow(root.add(f"[yellow]{escape(dst)}[/yellow] (not in the ledger)"), dst)
    for uid in members:  # anything a cycle kept out still shows
        if uid not in placed:
            root.add(_label(members[uid]))
    if found.origins:
        origins = root.add("[bold]origins[/bold]")
        for o in found.origins:
            mark = " [red]anonymous[/red]" if o["anonymous"] else ""
            origins.add(f"{escape(o['name'] or '?')} ({escape(o['kind'] or '?')}){mark}: "
                        f"{len(o['observations'])} observation(s) — "
                        f"[dim]{escape(o['reason'] or '')}[/dim]")
    if found.links:
        why = root.add("[bold]links[/bold] (why each member is in the claim)")
        for k in found.links:
            why.add(f"{escape(k['uid'])} ~ {escape(k['partner'])}: "
                    f"[dim]{escape(k['reason'] or '')}[/dim]")
    if found.contradictions:
        clash = root.add("[bold red]contradictions[/bold red]")
        for c in found.contradictions:
            clash.add(f"{escape(c['a'])} ✗ {escape(c['b'])}: {escape(c['reason'] or '')}")
    return root
