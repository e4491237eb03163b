"""Hand-built attribution records for the claims-layer tests (no tests in this module).

The claims layer takes attributions as input. So that its tests do not depend on the
attribution engine's current quality, they use attributions written by hand for the
seed article (each located by its exact text) and the gold annotations of the Wikinews
articles in ../shared/gold.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from claimledger.model import Analysis, Attribution, AttributionKind, Source, SourceKind, Span

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT.parent / "shared" / "gold" / "wikinews-attribution.jsonl"
SEED = CORPUS / "seed" / "geran-production-report.txt"
WIKINEWS = CORPUS / "wikinews"

# (source id, name, kind, anonymity reason)
SEED_SOURCES: tuple[tuple[str, str, SourceKind, str | None], ...] = (
    ("s1", "Timur Shaghivaleev", "named_person", None),
    ("s2", "Alexander Mikhailov", "named_person", None),
    ("s3", "The Economist", "publication", None),
    ("s4", "an anonymous source within the ALABUGA SEZ", "anonymous",
     "due to the sensitivity of the information"),
    ("s5", "Eyewitnesses", "unnamed_group", None),
    ("s6", "Ukrainian defense officials", "official_unnamed", None),
    ("s7", "a Western intelligence analyst", "anonymous", "requested anonymity"),
    ("s8", "Sources", "unnamed_group", None),
    ("s9", "one insider", "anonymous", None),
    ("s10", "some analysts", "unnamed_group", None),
)
# (kind, content, cue, speaker, source id): content, cue and speaker are exact substrings
# of the seed article, searched in order so repeated words resolve to the right place.
SEED_ATTRIBUTIONS: tuple[tuple[AttributionKind, str, str | None, str | None, str], ...] = (
    ("direct", "This is the largest factory in the world for producing strike drones, "
     "and the most secret,", "stated", "he", "s1"),
    ("direct", "At one point, there was a plan to produce several thousand ‘Gerani,’ but "
     "now we are producing nine times more than planned.", None, None, "s1"),
    ("indirect", "the drone’s use in targeting Ukrainian depots like the one in Kramatorsk "
     "highlights the full utilization of Russia’s production capacities", "noted",
     "Alexander Mikhailov", "s2"),
    ("direct", "Geraniy-2 is not a makeshift weapon,", "emphasized", "Mikhailov", "s2"),
    ("direct", "It’s a high-tech, expensive product—unlike the 3D-printed or hand-assembled "
     "drones that have been used in other conflicts.", None, None, "s2"),
    ("indirect", "Russia is not only ramping up drone production but also planning to "
     "deploy them in coordinated, swarm-style attacks involving thousands of units",
     "reported", "The Economist", "s3"),
    ("direct", "The numbers are staggering,", "said",
     "an anonymous source within the ALABUGA SEZ", "s4"),
    ("direct", "They’re talking about production lines running 24/7, with components "
     "arriving from multiple regions of the country.\n\nIt’s a full-scale industrial "
     "mobilization that’s rarely seen outside of wartime scenarios.", None, None, "s4"),
    ("mixed", "the attack as ‘a coordinated ballet of destruction,’", "described",
     "Eyewitnesses", "s5"),
    ("indirect", "the depot suffered significant damage, though the exact number of "
     "casualties remains unclear", "confirmed", "Ukrainian defense officials", "s6"),
    ("direct", "This is not just about quantity,", "said", "a Western intelligence analyst",
     "s7"),
    ("direct", "It’s about sending a message: Russia is no longer just a traditional "
     "power.\n\nIt’s a technological and industrial juggernaut, and it’s willing to use "
     "that power in ways the world hasn’t fully grasped yet.", None, None, "s7"),
    ("indirect", "the factory’s expansion has been aided by covert partnerships with "
     "state-owned enterprises, some of which have been previously uninvolved in defense "
     "production", "suggest", "Sources", "s8"),
    ("direct", "This is the kind of operation that requires absolute secrecy,", "noted",
     "one insider", "s9"),
    ("direct", "If the West had known the scale of this production earlier, they might "
     "have adjusted their strategies accordingly.", None, None, "s9"),
    ("indirect", "it may be producing variants of the ‘Geraniy-2’ that are not yet "
     "publicly known", "suggesting", "some analysts", "s10"),
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_records(text: str) -> tuple[list[Attribution], list[Source]]:
    """The seed article's attributions and sources, located in ``text``."""
    sources = [Source(id=sid, name=name, kind=kind, anonymity_reason=reason)
               for sid, name, kind, reason in SEED_SOURCES]
    attributions: list[Attribution] = []
    cursor = 0
    for kind, content, cue, speaker, source in SEED_ATTRIBUTIONS:
        start = text.index(content, cursor)
        end = start + len(content)
        cursor = start
        attributions.append(Attribution(
            id=f"a{len(attributions) + 1}", kind=kind,
            content=Span.of(text, start, end),
            cue=_near(text, cue, start, end), speaker=_near(text, speaker, start, end),
            source=source,
        ))
    return attributions, sources


def _near(text: str, needle: str | None, start: int, end: int) -> Span | None:
    """The occurrence of ``needle`` closest to the content ``[start, end)``."""
    if needle is None:
        return None
    after = text.find(needle, end)
    before = text.rfind(needle, 0, start)
    candidates = [i for i in (after, before) if i >= 0]
    best = min(candidates, key=lambda i: min(abs(i - end), abs(start - i)))
    return Span.of(text, best, best + len(needle))


@cache
def gold_by_doc() -> dict[str, dict[str, object]]:
    rows = (json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines())
    return {str(row["doc"]): row for row in rows if row}


def gold_records(doc_id: str, text: str) -> tuple[list[Attribution], list[Source]]:
    """Attributions and sources of one Wikinews article from the gold annotations."""
    row = gold_by_doc()[doc_id]
    entries = row["attributions"]
    assert isinstance(entries, list)
    sources: dict[tuple[str, str], Source] = {}
    attributions: list[Attribution] = []
    for entry in entries:
        key = (entry["source_name"], entry["source_kind"])
        if key not in sources:
            sources[key] = Source(id=f"s{len(sources) + 1}", name=key[0], kind=key[1])
        start = entry["content_start"]
        attributions.append(Attribution(
            id=f"a{len(attributions) + 1}", kind=entry["kind"],
            content=Span.of(text, start, start + len(entry["content"])),
            cue=_at(text, entry.get("cue"), entry.get("cue_start")),
            speaker=_at(text, entry.get("speaker"), entry.get("speaker_start")),
            source=sources[key].id,
        ))
    return attributions, list(sources.values())


def _at(text: str, value: str | None, start: int | None) -> Span | None:
    if value is None or start is None:
        return None
    return Span.of(text, start, start + len(value))


def parse(nlp_model: object, text: str) -> Doc:
    """Parse without the attribution component (its output is replaced by hand-built
    records here)."""
    from claimledger.nlp import bare_model

    with bare_model():
        doc = nlp_model(text)  # type: ignore[operator]
    assert isinstance(doc, Doc)
    return doc


@cache
def seed_analysis() -> Analysis:
    """The seed article through the whole pipeline (attribution engine included)."""
    from claimledger import analyze

    return analyze(seed_text(), path=str(SEED))


def wikinews_sample() -> list[str]:
    """A few Wikinews articles with gold annotations: quotes, officials, analysts."""
    return ["100911", "1007169", "73808", "276079", "10718"]
