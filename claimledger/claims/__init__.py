"""The claims layer: claims, hedges, quantities, entities, flags and the sourcing profile.

``build_layers`` is the one entry point ``analyze`` calls after attribution. It runs
each finder once over the whole document (regexes over the text, one pass over the
tokens) and then assigns what was found to claim units by character containment, so
the layer stays linear in the article's length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc

from claimledger.claims.checkworthy import FEATURES, claim_features, find_markers, score
from claimledger.claims.docview import DocView, drop_view, view_of
from claimledger.claims.flags import find_flags, view_quoted_spans
from claimledger.claims.hedges import (
    find_hedges,
    find_vague_attributions,
    longest_disjoint,
    weasel_cues,
)
from claimledger.claims.profile import build_profile, support_label
from claimledger.claims.segment import ClaimUnit, claim_units
from claimledger.model import (
    OUTLET,
    UNRESOLVED,
    Analysis,
    Attribution,
    Claim,
    Entity,
    Flag,
    Hedge,
    Profile,
    Quantity,
    Source,
    Span,
    Support,
)
from claimledger.resolution.entity_pass import forget as forget_entity_pass

__all__ = ["Layers", "build_claims", "build_layers", "document_cues"]

# A claim is held by an attribution when its content covers this share of the claim's
# characters, or when the claim holds this share of the content (a short quoted
# fragment inside a longer reporting sentence).
HOLDER_MIN_CLAIM_SHARE = 0.3
HOLDER_MIN_CONTENT_SHARE = 0.5
# Two attributions say "the same thing" when their content-word lemmas overlap this much.
EQUIVALENT_CONTENT = 0.5


class _Spanned(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def span(self) -> Span: ...
    @property
    def kind(self) -> str: ...


class _Mentioned(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def mentions(self) -> tuple[Span, ...]: ...


@dataclass(frozen=True, slots=True)
class Layers:
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[Entity, ...] = ()
    flags: tuple[Flag, ...] = ()
    profile: Profile | None = None


def build_layers(
    doc: Doc, attributions: Sequence[Attribution], sources: Sequence[Source]
) -> Layers:
    """All claims-layer records of one parsed article.

    The finders share one ``view_of(doc)`` (the parse as plain lists), dropped when done.
    """
    from claimledger.claims.entities import extract_entities
    from claimledger.claims.quantities import extract_quantities

    view = view_of(doc)
    try:
        quantities = tuple(extract_quantities(doc))
        entities = tuple(extract_entities(doc))
        claims = build_claims(doc, attributions, sources, quantities=quantities,
                              entities=entities)
        quotes = _direct_quote_ranges(view, attributions)
        flags = tuple(find_flags(doc, quotes))
        words = sum(1 for punct, space in zip(view.is_punct, view.is_space, strict=True)
                    if not (punct or space))
        profile = build_profile(
            claims, attributions, sources, flags, words=words, text_chars=len(view.text),
            quote_chars=sum(end - start for start, end in quotes),
        )
    finally:
        drop_view(doc)
        forget_entity_pass(doc)
    return Layers(claims=tuple(claims), quantities=quantities, entities=entities,
                  flags=flags, profile=profile)


def build_claims(
    doc: Doc,
    attributions: Sequence[Attribution],
    sources: Sequence[Source],
    *,
    quantities: Sequence[_Spanned] = (),
    entities: Sequence[_Mentioned] = (),
) -> list[Claim]:
    """One ``Claim`` per claim unit, with its holder, hedges, links and support label."""
    view = view_of(doc)
    text = view.text
    source_by_id = {source.id: source for source in sources}
    vague = _vague_ranges(doc, attributions, source_by_id)
    hedges = find_hedges(doc)
    unnamed = [(a.speaker.start, a.speaker.end) for a in attributions if a.speaker is not None
               and source_by_id.get(a.source or "") is not None
               and source_by_id[a.source or ""].kind == "anonymous"]
    hedges = sorted([*hedges, *weasel_cues(doc, longest_disjoint([*vague, *unnamed]), hedges)],
                    key=lambda h: (h.span.start, h.span.end))
    hedge_starts = [h.span.start for h in hedges]
    vague_starts = [start for start, _ in vague]
    markers = find_markers(doc)
    quantity_ranges = _Ranges((q.span.start, q.span.end, q.id) for q in quantities)
    quantity_kinds = {q.id: q.kind for q in quantities}
    mention_ranges = _Ranges((m.start, m.end, e.id) for e in entities for m in e.mentions)
    lemmas = {a.id: _content_lemmas(view, a.content) for a in attributions}
    ent_ranges = _Ranges((ent.start_char, ent.end_char, ent.label) for ent in view.ents)
    contents = _Contents(attributions)
    similar = _SimilarContent(attributions, lemmas)
    claims: list[Claim] = []
    for unit in claim_units(doc):
        attribution = _holding_attribution(unit, contents.overlapping(unit))
        holder = source_by_id.get(attribution.source or "") if attribution else None
        if attribution is None:
            holder_kind = OUTLET
        else:
            holder_kind = holder.kind if holder is not None else UNRESOLVED
        claim_hedges = tuple(_hedges_within(hedges, hedge_starts, unit))
        if attribution is not None:
            claim_hedges = _with_doxastic_cue(claim_hedges, attribution, hedges, hedge_starts)
        claim_vague = tuple(Span.of(text, start, end)
                            for start, end in _ranges_within(vague, vague_starts, unit))
        quantity_ids = quantity_ranges.ids_within(unit)
        number_ids = [qid for qid in quantity_ids if quantity_kinds.get(qid) != "date"]
        entity_ids = mention_ranges.ids_within(unit)
        opinion = markers.opinion_in(unit.start, unit.end)
        prediction = markers.prediction_in(unit.start, unit.end)
        features = claim_features(doc, unit.first, unit.last, opinion=opinion,
                                  prediction=prediction, quantities=number_ids,
                                  entities=entity_ids, labels=set(ent_ranges.within(unit)))
        corroborating = _corroborating(attribution, similar.candidates(attribution), lemmas,
                                       source_by_id)
        label, reasons = support_label(holder, holder_kind, claim_hedges, claim_vague,
                                       corroborating)
        claims.append(Claim(
            id=f"c{len(claims) + 1}",
            span=Span.of(text, unit.start, unit.end),
            holder=holder.id if holder is not None else None,
            holder_kind=holder_kind,
            attribution=attribution.id if attribution is not None else None,
            hedges=claim_hedges,
            vague=claim_vague,
            checkworthiness=score(features),
            features=tuple((name, features[name]) for name in FEATURES),
            opinion=opinion,
            prediction=prediction,
            quantities=quantity_ids,
            entities=entity_ids,
            support=Support(label, reasons),
            headline=unit.headline,
        ))
    return claims


def document_cues(analysis: Analysis) -> list[Hedge]:
    """Every hedge cue of an analysis once, in text order: the hedges of its claims.

    Why from the claims: that is what a reader of the analysis sees; a cue shared by two
    claims (a doxastic attribution cue hedging the claims it holds) counts once.
    """
    found: dict[tuple[int, int], Hedge] = {}
    for claim in analysis.claims:
        for hedge in claim.hedges:
            found.setdefault((hedge.span.start, hedge.span.end), hedge)
    return [found[key] for key in sorted(found)]


class _Contents:
    """The attributions whose content overlaps a claim unit, in their original order.

    Why: testing every attribution against every claim grew with the article's length
    squared (issue 11). Contents sorted by start and the longest content's length bound
    the candidates to those starting within that length before the unit; the original
    order is kept so ties go to the same attribution as a full scan.
    """

    def __init__(self, attributions: Sequence[Attribution]) -> None:
        self.order = sorted(range(len(attributions)),
                            key=lambda i: attributions[i].content.start)
        self.starts = [attributions[i].content.start for i in self.order]
        self.longest = max((a.content.end - a.content.start for a in attributions), default=0)
        self.attributions = attributions

    def overlapping(self, unit: ClaimUnit) -> list[Attribution]:
        low = bisect_right(self.starts, unit.start - self.longest)
        high = bisect_left(self.starts, unit.end)
        found = sorted(i for i in self.order[low:high]
                       if self.attributions[i].content.end > unit.start)
        return [self.attributions[i] for i in found]


class _SimilarContent:
    """For an attribution, the others sharing at least one content lemma, in order.

    Why: content is "the same" when the lemma Jaccard is at least ``EQUIVALENT_CONTENT``
    (above zero), which two contents sharing no lemma never reach; an index by lemma
    replaces the scan of every attribution per claim, which grew with length squared.
    """

    def __init__(self, attributions: Sequence[Attribution],
                 lemmas: dict[str, frozenset[str]]) -> None:
        self.attributions = attributions
        self.lemmas = lemmas
        self.by_lemma: dict[str, list[int]] = {}
        for i, attribution in enumerate(attributions):
            for lemma in lemmas.get(attribution.id, frozenset()):
                self.by_lemma.setdefault(lemma, []).append(i)
        self.cache: dict[str, list[Attribution]] = {}

    def candidates(self, attribution: Attribution | None) -> list[Attribution]:
        if attribution is None:
            return []
        if attribution.id not in self.cache:
            found: set[int] = set()
            for lemma in self.lemmas.get(attribution.id, frozenset()):
                found.update(self.by_lemma[lemma])
            self.cache[attribution.id] = [self.attributions[i] for i in sorted(found)]
        return self.cache[attribution.id]


def _holding_attribution(
    unit: ClaimUnit, attributions: Sequence[Attribution]
) -> Attribution | None:
    """The attribution whose content overlaps the claim most, if it overlaps enough
    (``attributions``: those overlapping it, see ``_Contents``)."""
    best: Attribution | None = None
    best_overlap = 0
    for attribution in attributions:
        content = attribution.content
        overlap = min(unit.end, content.end) - max(unit.start, content.start)
        if overlap > best_overlap:
            best, best_overlap = attribution, overlap
    if best is None:
        return None
    unit_chars = unit.end - unit.start
    content_chars = max(1, best.content.end - best.content.start)
    if (best_overlap >= HOLDER_MIN_CLAIM_SHARE * unit_chars
            or best_overlap >= HOLDER_MIN_CONTENT_SHARE * content_chars):
        return best
    return None


def _vague_ranges(
    doc: Doc, attributions: Sequence[Attribution], source_by_id: dict[str, Source]
) -> list[tuple[int, int]]:
    """Vague attributions: lexicon and dependency patterns, plus the speaker mentions of
    sources the attribution engine classed as unnamed groups ("Eyewitnesses")."""
    ranges = [(s.start, s.end) for s in find_vague_attributions(doc)]
    for attribution in attributions:
        source = source_by_id.get(attribution.source or "")
        if source is not None and source.kind == "unnamed_group" and attribution.speaker:
            ranges.append((attribution.speaker.start, attribution.speaker.end))
    return longest_disjoint(ranges)


def _with_doxastic_cue(claim_hedges: tuple[Hedge, ...], attribution: Attribution,
                       hedges: Sequence[Hedge], starts: list[int]) -> tuple[Hedge, ...]:
    """An attribution whose cue is doxastic ("officials believe that X") hedges the claim
    it holds, even where the cue lies outside the claim unit (the convention's rule)."""
    cue = attribution.cue
    if cue is None:
        return claim_hedges
    for i in range(max(0, bisect_left(starts, cue.start) - 1), len(hedges)):
        hedge = hedges[i]
        if hedge.span.start >= cue.end:
            break
        if (hedge.cue_type == "doxastic" and hedge.span.end > cue.start
                and hedge not in claim_hedges):
            return (*claim_hedges, hedge)
    return claim_hedges


def _hedges_within(hedges: Sequence[Hedge], starts: list[int], unit: ClaimUnit) -> list[Hedge]:
    """The hedges (sorted by start) lying wholly inside the unit."""
    found: list[Hedge] = []
    for i in range(bisect_left(starts, unit.start), len(hedges)):
        span = hedges[i].span
        if span.start >= unit.end:
            break
        if span.end <= unit.end:
            found.append(hedges[i])
    return found


def _ranges_within(
    ranges: Sequence[tuple[int, int]], starts: list[int], unit: ClaimUnit
) -> list[tuple[int, int]]:
    """The ranges (sorted by start) lying wholly inside the unit."""
    found: list[tuple[int, int]] = []
    for i in range(bisect_left(starts, unit.start), len(ranges)):
        start, end = ranges[i]
        if start >= unit.end:
            break
        if end <= unit.end:
            found.append((start, end))
    return found


class _Ranges:
    """Labelled character ranges, sorted, answering "which lie wholly inside a unit?".

    Bisection skips the ranges that start before the unit, so assigning every range to
    the units stays linear instead of units times ranges.
    """

    def __init__(self, ranges: Iterable[tuple[int, int, str]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [start for start, _, _ in self.ranges]

    def within(self, unit: ClaimUnit) -> list[str]:
        """Labels of the ranges inside ``unit``, in range order (duplicates kept)."""
        ranges = self.ranges
        stop = bisect_right(self.starts, unit.end)
        return [label for start, end, label in ranges[bisect_left(self.starts, unit.start):stop]
                if end <= unit.end]

    def ids_within(self, unit: ClaimUnit) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.within(unit)))


def _content_lemmas(view: DocView, content: Span) -> frozenset[str]:
    tokens = view.expand(content.start, content.end)
    if tokens is None:
        return frozenset()
    return frozenset(view.lemma[i].lower() for i in range(*tokens)
                     if view.is_alpha[i] and not view.is_stop[i])


def _corroborating(
    attribution: Attribution | None,
    attributions: Sequence[Attribution],
    lemmas: dict[str, frozenset[str]],
    source_by_id: dict[str, Source],
) -> list[Source]:
    """Other sources whose attributed content says the same (content-lemma Jaccard);
    ``attributions``: those that may (see ``_SimilarContent``)."""
    if attribution is None or attribution.source is None:
        return []
    mine = lemmas.get(attribution.id, frozenset())
    if len(mine) < 3:
        return []
    found: dict[str, Source] = {}
    for other in attributions:
        if other.source in (None, attribution.source) or other.source in found:
            continue
        theirs = lemmas.get(other.id, frozenset())
        if len(theirs) >= 3 and len(mine & theirs) >= EQUIVALENT_CONTENT * len(mine | theirs):
            source = source_by_id.get(other.source or "")
            if source is not None:
                found[source.id] = source
    return list(found.values())


def _direct_quote_ranges(
    view: DocView, attributions: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """Characters of direct quotes: direct attributions' content, and the quoted parts
    of mixed attributions. Merged, so no character counts twice."""
    ranges = [(a.content.start, a.content.end) for a in attributions if a.kind == "direct"]
    mixed = [(a.content.start, a.content.end) for a in attributions if a.kind == "mixed"]
    for q_start, q_end in view_quoted_spans(view) if mixed else ():
        for m_start, m_end in mixed:
            if max(q_start, m_start) < min(q_end, m_end):
                ranges.append((max(q_start, m_start), min(q_end, m_end)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif start < end:
            merged.append((start, end))
    return merged

