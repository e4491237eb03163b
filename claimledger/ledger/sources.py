"""Sources across articles: the same person or organisation named in many articles.

Grouping heuristic: people by ``names.same_person`` within the block of one surname
key (full names first, so a bare surname joins the most-cited full name it fits);
organisations and publications by ``names.same_organization`` (acronyms and legal
forms); every other kind ("officials", "sources") by its normalised wording, since an
unnamed source in two articles cannot be shown to be one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from claimledger.ledger.base import Row
from claimledger.ledger.store import Store, sql_access

PERSON_KINDS = frozenset({"named_person"})
ORGANIZATION_KINDS = frozenset({"named_organization", "publication"})
# Kinds that name someone recognisable across articles: they get one cross-article page.
NAMED_KINDS: tuple[str, ...] = ("named_person", "named_organization", "publication",
                                "document")
_ORG_PAIRWISE_LIMIT = 3000  # beyond this many groups, organisations merge by key only


@dataclass(frozen=True, slots=True)
class SourceGroup:
    name: str  # the most frequent spelling
    kind: str
    names: list[str]  # every spelling seen
    articles: int
    outlets: int
    claims: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Group:
    kind: str
    rows: list[Row]


def list_sources(store: Store, *, min_articles: int = 1,
                 kind: str | None = None) -> list[SourceGroup]:
    """Sources grouped across articles, most articles first, with their claim counts."""
    db = sql_access(store)
    rows = db.query(
        "SELECT s.article_id, s.id, s.name, s.kind, a.outlet, "
        "(SELECT count(*) FROM claims c WHERE c.article_id = s.article_id "
        "AND c.holder = s.id) AS claims "
        "FROM sources s JOIN articles a ON a.id = s.article_id ORDER BY s.n")
    if kind is not None:
        rows = [r for r in rows if r["kind"] == kind]
    out = [_summary(g) for g in group_sources(rows)]
    out = [g for g in out if g.articles >= min_articles]
    out.sort(key=lambda g: (-g.articles, -g.claims, g.name.casefold()))
    return out


def organization_identity(name: str) -> str:
    """One key per organisation: the alias table's canonical name when it has one
    ("Apple Computer" -> "Apple Inc."), then without legal forms ("apple")."""
    from claimledger.names import alias_table, normalize_name, organization_key

    key = organization_key(name) or normalize_name(name)
    aliases = alias_table()
    canonical = aliases.get(key) or aliases.get(normalize_name(name))
    return (organization_key(canonical) or key) if canonical else key


def source_identity(name: str, kind: str) -> str:
    """The cross-article key of a named source (the web's ``/sources/n:KEY`` pages):
    organisations by ``organization_identity``, everyone else by the normalised name
    (people then gather by ``same_person`` when their page is read)."""
    from claimledger.names import normalize_name

    if kind in ORGANIZATION_KINDS:
        return organization_identity(name)
    return normalize_name(name)


def identity_spellings(identity: str) -> list[str]:
    """``identity`` and every alias-table spelling with that identity: the words to look
    a source up by ("apple" -> ["apple", "Apple Inc.", "Apple Computer"])."""
    return [identity, *_spellings_by_identity().get(identity, ())]


@cache
def _spellings_by_identity() -> dict[str, tuple[str, ...]]:
    from claimledger.names import alias_table

    out: dict[str, list[str]] = defaultdict(list)
    for alias, canonical in alias_table().items():
        out[organization_identity(canonical)].append(alias)
    return {key: tuple(sorted(set(names))) for key, names in out.items()}


def same_source(name: str, kind: str, identity: str) -> bool:
    """Whether a source row (``name``, ``kind``) belongs to the page of ``identity``."""
    from claimledger.names import normalize_name, same_organization, same_person

    if normalize_name(name) == identity:
        return True
    if kind in PERSON_KINDS:
        return same_person(name, identity)
    if kind in ORGANIZATION_KINDS:
        return organization_identity(name) == organization_identity(identity) \
            or same_organization(name, identity)
    return False


def group_sources(rows: list[Row]) -> list[_Group]:
    """Partition source rows (``name``, ``kind``) into groups of one real-world source."""
    from claimledger.names import normalize_name, person_name_parts

    groups: list[_Group] = []
    people: dict[str, list[_Group]] = defaultdict(list)
    orgs: dict[str, _Group] = {}
    others: dict[tuple[str, str], _Group] = {}
    # Longest names first: "Alexander Mikhailov" makes the group "Mikhailov" then joins.
    ordered = sorted(rows, key=lambda r: -len(normalize_name(r["name"]).split()))
    for row in ordered:
        name, kind = row["name"], row["kind"]
        if kind in PERSON_KINDS:
            surname = person_name_parts(name)[1] or normalize_name(name)
            group = _person_group(people[surname], name)
            if group is None:
                group = _Group(kind, [])
                people[surname].append(group)
                groups.append(group)
        elif kind in ORGANIZATION_KINDS:
            key = organization_identity(name)
            group = orgs.get(key)
            if group is None:
                group = orgs[key] = _Group(kind, [])
                groups.append(group)
        else:
            other_key = (kind, normalize_name(name))
            group = others.get(other_key)
            if group is None:
                group = others[other_key] = _Group(kind, [])
                groups.append(group)
        group.rows.append(row)
    merged = _merge_organizations(list(orgs.values()))
    return [g for g in groups if g.kind not in ORGANIZATION_KINDS] + merged


def _person_group(candidates: list[_Group], name: str) -> _Group | None:
    from claimledger.names import same_person

    fitting = [g for g in candidates if same_person(g.rows[0]["name"], name)]
    return max(fitting, key=lambda g: len(g.rows)) if fitting else None


def _merge_organizations(groups: list[_Group]) -> list[_Group]:
    """Join organisation groups whose names ``same_organization`` says are one."""
    from claimledger.names import same_organization

    if len(groups) > _ORG_PAIRWISE_LIMIT:
        return groups
    out: list[_Group] = []
    for group in sorted(groups, key=lambda g: -len(g.rows)):
        name = group.rows[0]["name"]
        for target in out:
            if same_organization(target.rows[0]["name"], name):
                target.rows.extend(group.rows)
                break
        else:
            out.append(group)
    return out


def _summary(group: _Group) -> SourceGroup:
    spellings = Counter(r["name"] for r in group.rows)
    kinds = Counter(r["kind"] for r in group.rows)
    return SourceGroup(
        name=spellings.most_common(1)[0][0], kind=kinds.most_common(1)[0][0],
        names=sorted(spellings), articles=len({r["article_id"] for r in group.rows}),
        outlets=len({r["outlet"] or f"article:{r['article_id']}" for r in group.rows}),
        claims=sum(int(r["claims"]) for r in group.rows))
