"""Support labels for claims and the article's sourcing profile.

Both answer "who stands behind what is said here?" with counts and words, never with an
opaque score. The vocabulary is small and fixed (documented in ``docs/claims.md``):

- holder groups: named, official_unnamed, anonymous, vague, publication_document,
  outlet (no attribution: the outlet's own voice), unresolved (an attribution whose
  source the attribution engine could not resolve);
- support labels: "single named source", "single official", "single publication",
  "single document", "single anonymous source", "single vague source", "multiple
  sources", "outlet's own voice", "unresolved source"; then "vague attribution" when
  the claim cites an unidentifiable group; then "hedged" or "unhedged".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from claimledger.model import (
    OUTLET,
    SOURCE_KINDS,
    UNRESOLVED,
    Attribution,
    Claim,
    Flag,
    Hedge,
    Notable,
    Profile,
    Source,
    Span,
)

HOLDER_GROUPS: dict[str, str] = {
    "named_person": "named",
    "named_organization": "named",
    "official_unnamed": "official_unnamed",
    "anonymous": "anonymous",
    "unnamed_group": "vague",
    "publication": "publication_document",
    "document": "publication_document",
    OUTLET: "outlet",
    UNRESOLVED: "unresolved",
}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(HOLDER_GROUPS.values()))
KIND_LABELS: dict[str, str] = {
    "named_person": "named source",
    "named_organization": "named source",
    "official_unnamed": "official",
    "publication": "publication",
    "document": "document",
    "anonymous": "anonymous source",
    "unnamed_group": "vague source",
}
_ARTICLE = {"anonymous source": "an", "official": "an"}
# The CoNLL-2010 / Szeged cue types (docs/claims.md) and the flag categories, each always
# listed in the profile so that a zero is visible as a zero.
CUE_TYPES: tuple[str, ...] = ("modal_possible", "modal_probable", "doxastic", "condition",
                              "investigation", "weasel")
FLAG_CATEGORIES: tuple[str, ...] = ("loaded", "sensational", "intensifier", "metaphor")


def support_label(
    holder: Source | None,
    holder_kind: str,
    hedges: Sequence[Hedge],
    vague: Sequence[Span],
    corroborating: Sequence[Source],
) -> tuple[str, tuple[str, ...]]:
    """The claim's support label and the reasons behind it."""
    reasons: list[str] = []
    if holder_kind == OUTLET:
        base = "outlet's own voice"
        reasons.append("no attribution covers the claim: the outlet asserts it")
    elif holder is None:
        base = "unresolved source"
        reasons.append("an attribution covers the claim but its source is unresolved")
    else:
        kind_label = KIND_LABELS.get(holder.kind, holder.kind)
        article = _ARTICLE.get(kind_label, "a")
        reasons.append(f"holder is {article} {kind_label}: {holder.name}")
        if holder.anonymity_reason:
            reasons.append(f"anonymity reason given: {holder.anonymity_reason}")
        base = "multiple sources" if corroborating else f"single {kind_label}"
        for other in corroborating:
            reasons.append(f"also said by {other.id} ({other.name})")
    parts = [base]
    if vague and base not in ("single vague source",):
        parts.append("vague attribution")
        reasons.append("vague attribution: " + "; ".join(v.text for v in vague))
    if hedges:
        parts.append("hedged")
        cues = list(dict.fromkeys(h.cue for h in hedges))
        reasons.append("hedged: " + ", ".join(cues))
    else:
        parts.append("unhedged")
    return ", ".join(parts), tuple(reasons)


def build_profile(
    claims: Sequence[Claim],
    attributions: Sequence[Attribution],
    sources: Sequence[Source],
    flags: Sequence[Flag],
    *,
    words: int,
    text_chars: int,
    quote_chars: int,
) -> Profile:
    """The article's sourcing profile; every share is a count divided by a count."""
    kind_of = {source.id: source.kind for source in sources}
    by_kind = Counter(kind_of.get(a.source or "", UNRESOLVED) for a in attributions)
    attribution_counts = [(kind, by_kind.get(kind, 0)) for kind in (*SOURCE_KINDS, UNRESOLVED)]
    holders = Counter(HOLDER_GROUPS.get(c.holder_kind, "unresolved") for c in claims)
    holder_counts = [(group, holders.get(group, 0)) for group in GROUPS]
    total = len(claims)
    shares = [(group, _share(n, total)) for group, n in holder_counts]
    hedged = sum(1 for c in claims if c.hedges)
    vague = sum(1 for c in claims if c.vague)
    # A claim counts once per cue type it holds: "may ... if" is modal_possible and condition.
    by_cue_type = Counter(t for c in claims for t in {h.cue_type for h in c.hedges})
    categories = Counter(f.category for f in flags)
    distinct = len({a.source for a in attributions if a.source is not None})
    profile = Profile(
        claims=total,
        attributions=len(attributions),
        distinct_sources=distinct,
        attributions_by_source_kind=tuple(attribution_counts),
        claims_by_holder=tuple(holder_counts),
        holder_shares=tuple(shares),
        hedged_claims=hedged,
        hedged_share=_share(hedged, total),
        vague_claims=vague,
        hedged_claims_by_cue_type=tuple((t, by_cue_type.get(t, 0)) for t in
                                 (*CUE_TYPES, *sorted(set(by_cue_type) - set(CUE_TYPES)))),
        words=words,
        quote_chars=quote_chars,
        quote_density=_share(quote_chars, text_chars),
        attributions_per_1000_words=round(1000 * len(attributions) / words, 2) if words else 0.0,
        flags_by_category=tuple((c, categories.get(c, 0)) for c in
                                (*FLAG_CATEGORIES,
                                 *sorted(set(categories) - set(FLAG_CATEGORIES)))),
        flags_in_quotes=sum(1 for f in flags if f.in_quote),
    )
    return _with_notable(profile, claims, flags)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _with_notable(profile: Profile, claims: Sequence[Claim], flags: Sequence[Flag]) -> Profile:
    """Add the notable facts: each rule says what it noticed and why it matters."""
    from dataclasses import replace

    notes: list[Notable] = []
    holders = dict(profile.claims_by_holder)
    total = profile.claims
    unidentifiable = holders["anonymous"] + holders["vague"]
    if unidentifiable:
        notes.append(Notable(
            f"{unidentifiable} of {total} claims are held by anonymous or vague sources",
            "readers cannot check who said them",
        ))
    if total and holders["outlet"] * 2 >= total:
        notes.append(Notable(
            f"{holders['outlet']} of {total} claims are in the outlet's own voice",
            "at least half of the article is asserted without attribution",
        ))
    own_hedged = [c for c in claims if c.holder_kind == OUTLET and c.hedges]
    if own_hedged:
        cues = list(dict.fromkeys(h.cue for c in own_hedged for h in c.hedges))
        notes.append(Notable(
            f"{len(own_hedged)} claims in the outlet's own voice are hedged "
            f"({', '.join(cues[:5])})",
            "hedges without a source mark assertions the outlet has not verified",
        ))
    own_vague = [v.text for c in claims if c.holder_kind == OUTLET for v in c.vague]
    if own_vague:
        notes.append(Notable(
            f"the outlet cites unidentifiable groups: {'; '.join(own_vague[:5])}",
            "vague attribution lends authority without a checkable source",
        ))
    if profile.attributions == 0:
        notes.append(Notable("no attributions", "every claim rests on the outlet alone"))
    elif holders["named"] == 0:
        notes.append(Notable("no claim is held by a named source",
                             "none of the sourcing can be checked against a name"))
    elif profile.distinct_sources == 1:
        notes.append(Notable("one source for all attributions",
                             "the article has no second voice to corroborate it"))
    own_flags = [f.term for f in flags if not f.in_quote]
    if len(own_flags) >= 3:
        notes.append(Notable(
            f"{len(own_flags)} loaded or sensational terms outside quotes: "
            + ", ".join(list(dict.fromkeys(own_flags))[:6]),
            "the outlet's own wording dramatises the reported facts",
        ))
    return replace(profile, notable=tuple(notes))
