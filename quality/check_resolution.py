"""Check the source-resolution dev set (resolution-dev.jsonl) against the corpus texts.

Every span field must sit at its offset in the article text (``text[start:start+len(field)]
== field``), every closed-vocabulary field must hold an allowed value, and a few cheap
consistency rules from resolution-guidelines.md are enforced (a pronoun mention is a
pronoun, a continuation has neither cue nor speaker, a group with members lists names).
The script then prints counts by mention type, by corpus and by source kind.

Usage: python check_resolution.py [resolution-dev.jsonl] [--corpus DIR]
Exit status 1 when any error is found; warnings do not fail the check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

KINDS = {"direct", "indirect", "mixed"}
SOURCE_KINDS = {
    "named_person",
    "named_organization",
    "official_unnamed",
    "publication",
    "document",
    "anonymous",
    "unnamed_group",
}
MENTION_TYPES = {"name", "surname", "pronoun", "role_noun", "possessive", "group", "other"}
CORPORA = {"html-benchmark", "wikinews"}
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "we", "i"}
# A possessive mention carries a possessive determiner or an 's / ’s / s’ genitive.
POSSESSIVE = re.compile(r"(?i)\b(his|her|its|their)\b|\w\s?['’]s\b|s['’](?=\s)")
# "Volker and Morrison": two capitalised conjuncts, i.e. a joint speaker whose members are named.
JOINT = re.compile(r"\b[A-Z][\w.-]* and [A-Z]")
FIELDS = {
    "kind",
    "content",
    "content_start",
    "cue",
    "cue_start",
    "speaker",
    "speaker_start",
    "source_name",
    "source_kind",
    "role",
    "affiliation",
    "anonymity_reason",
    "mention_type",
    "members",
    "antecedent",
    "antecedent_start",
    "antecedent_end",
}


def find_corpus(explicit: str | None) -> Path:
    """The shared corpus folder: given, or found next to a parent of this script."""
    if explicit:
        return Path(explicit)
    here = Path(__file__).resolve()
    for parent in here.parents:
        for candidate in (parent / "shared" / "corpus", parent.parent / "shared" / "corpus"):
            if candidate.is_dir():
                return candidate
    raise SystemExit("cannot find shared/corpus; pass --corpus")


class Texts:
    """Article texts by (corpus, doc id), loaded the way the annotation offsets assume."""

    def __init__(self, corpus_dir: Path) -> None:
        self.dir = corpus_dir
        self._html: dict[str, Any] | None = None

    def get(self, corpus: str, doc: str) -> str | None:
        if corpus == "wikinews":
            path = self.dir / "wikinews" / f"{doc}.txt"
            return path.read_text(encoding="utf-8") if path.is_file() else None
        if self._html is None:
            with open(self.dir / "html-benchmark" / "ground-truth.json", encoding="utf-8") as f:
                self._html = json.load(f)
        entry = self._html.get(doc)
        return None if entry is None else str(entry["articleBody"])


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def read_records(path: Path, report: Report) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                report.error(f"line {lineno}", f"not JSON: {exc}")


def check_span(
    text: str,
    a: dict[str, Any],
    field: str,
    start_field: str,
    where: str,
    report: Report,
    required: bool,
) -> None:
    value, start = a.get(field), a.get(start_field)
    if value is None:
        if start is not None:
            report.error(where, f"{start_field} set but {field} is null")
        elif required:
            report.error(where, f"{field} is required")
        return
    if not isinstance(value, str) or not value:
        report.error(where, f"{field} must be a non-empty string")
        return
    if not isinstance(start, int) or start < 0:
        report.error(where, f"{start_field} must be a non-negative int")
        return
    if text[start : start + len(value)] != value:
        got = text[start : start + len(value)]
        report.error(where, f"{field} {value[:40]!r} not at {start} (text has {got[:40]!r})")
    if value != value.strip():
        report.error(where, f"{field} has surrounding whitespace")


def span_digest(span: str) -> str:
    """Short fingerprint of a content span, for the offsets-only form of the file."""
    return hashlib.sha1(span.encode("utf-8")).hexdigest()[:12]


def strip_content(a: dict[str, Any]) -> dict[str, Any]:
    """The offsets-only form: content text replaced by its end offset and fingerprint.

    The project keeps no whole sentences from the corpus in the repository; this form
    keeps every decision while the spans stay checkable against the shared corpus.
    """
    out: dict[str, Any] = {}
    for key, value in a.items():
        if key == "content":
            out["content_end"] = a["content_start"] + len(value)
            out["content_sha1"] = span_digest(value)
        else:
            out[key] = value
    return out


def check_content_offsets(text: str, a: dict[str, Any], where: str, report: Report) -> None:
    start, end, digest = a["content_start"], a["content_end"], a["content_sha1"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        report.error(where, "content_start/content_end out of range")
    elif span_digest(text[start:end]) != digest:
        report.error(where, f"content at {start}:{end} does not match content_sha1")


def check_attribution(text: str, a: dict[str, Any], where: str, report: Report) -> None:
    offsets_only = "content" not in a and "content_sha1" in a
    expected = FIELDS - {"content"} | {"content_end", "content_sha1"} if offsets_only else FIELDS
    missing = expected - a.keys()
    extra = a.keys() - expected
    if missing:
        report.error(where, f"missing fields {sorted(missing)}")
        return
    if extra:
        report.error(where, f"unknown fields {sorted(extra)}")
    if a["kind"] not in KINDS:
        report.error(where, f"kind {a['kind']!r}")
    if a["source_kind"] not in SOURCE_KINDS:
        report.error(where, f"source_kind {a['source_kind']!r}")
    if offsets_only:
        check_content_offsets(text, a, where, report)
    spans = [
        ("content", "content_start", True),
        ("cue", "cue_start", False),
        ("speaker", "speaker_start", False),
        ("antecedent", "antecedent_start", False),
    ]
    for field, start_field, required in spans[1:] if offsets_only else spans:
        check_span(text, a, field, start_field, where, report, required)
    if a["antecedent"] is not None and isinstance(a["antecedent_start"], int):
        if a["antecedent_end"] != a["antecedent_start"] + len(a["antecedent"]):
            report.error(where, "antecedent_end != antecedent_start + len(antecedent)")
    elif a["antecedent_end"] is not None:
        report.error(where, "antecedent_end set without antecedent")
    if not isinstance(a["source_name"], str) or not a["source_name"].strip():
        report.error(where, "source_name must be a non-empty string")
    for field in ("role", "affiliation", "anonymity_reason"):
        if a[field] is not None and (not isinstance(a[field], str) or not a[field].strip()):
            report.error(where, f"{field} must be null or a non-empty string")

    mt, speaker = a["mention_type"], a["speaker"]
    if speaker is None:
        # A continuation: no speaker mention, so no mention type and no cue of its own.
        if mt is not None:
            report.error(where, "mention_type must be null when speaker is null")
        if a["cue"] is not None:
            report.warn(where, "cue without a speaker")
    else:
        if mt not in MENTION_TYPES:
            report.error(where, f"mention_type {mt!r}")
        elif mt == "pronoun" and speaker.lower() not in PRONOUNS:
            report.error(where, f"pronoun mention {speaker!r} is not a pronoun")
        elif mt == "possessive" and not POSSESSIVE.search(speaker):
            report.error(where, f"possessive mention {speaker!r} has no possessive")
        elif mt in ("name", "surname") and speaker.lower() in PRONOUNS:
            report.error(where, f"{mt} mention {speaker!r} is a pronoun")

    members = a["members"]
    if members is not None:
        if (
            not isinstance(members, list)
            or len(members) < 1
            or not all(isinstance(m, str) and m.strip() for m in members)
        ):
            report.error(where, "members must be null or a non-empty list of names")
        elif mt not in ("group", "pronoun", None):
            report.error(where, f"members given for a {mt} mention")
    if mt == "group" and speaker is not None and JOINT.search(speaker) and not members:
        report.warn(where, f"joint speaker {speaker!r} without members")
    # A named source should be introduced by name somewhere in the article.
    named = a["source_kind"] in ("named_person", "named_organization") and members is None
    if named and a["antecedent"] is None and a["source_name"] not in text:
        report.warn(where, f"named source {a['source_name']!r} has no antecedent")
    if a["kind"] == "direct" and not offsets_only and a["content"][:1] in "\"“”'‘":
        report.error(where, "direct content must exclude the opening quotation mark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_path = Path(__file__).with_name("resolution-dev.jsonl")
    parser.add_argument("path", nargs="?", default=str(default_path))
    parser.add_argument("--corpus", help="folder holding wikinews/ and html-benchmark/")
    parser.add_argument("--quiet", action="store_true", help="do not list warnings")
    parser.add_argument(
        "--write-offsets-only",
        metavar="OUT",
        help="also write the file with content text replaced by content_end + content_sha1",
    )
    args = parser.parse_args(argv)

    texts = Texts(find_corpus(args.corpus))
    report = Report()
    by_type: Counter[str] = Counter()
    by_corpus: Counter[str] = Counter()
    by_corpus_type: Counter[tuple[str, str]] = Counter()
    by_source_kind: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    seen_docs: set[tuple[str, str]] = set()
    records: list[dict[str, Any]] = []

    for lineno, rec in read_records(Path(args.path), report):
        corpus, doc = rec.get("corpus"), rec.get("doc")
        where_doc = f"line {lineno} ({corpus}/{doc})"
        if corpus not in CORPORA or not isinstance(doc, str):
            report.error(where_doc, "corpus/doc missing or not allowed")
            continue
        if (corpus, doc) in seen_docs:
            report.error(where_doc, "document listed twice")
        seen_docs.add((corpus, doc))
        if not rec.get("annotator"):
            report.error(where_doc, "annotator missing")
        text = texts.get(corpus, doc)
        if text is None:
            report.error(where_doc, "document not found in the corpus")
            continue
        atts = rec.get("attributions")
        if not isinstance(atts, list) or not atts:
            report.error(where_doc, "attributions must be a non-empty list")
            continue
        docs[corpus] += 1
        records.append(rec)
        keys: set[tuple[Any, ...]] = set()
        for i, a in enumerate(atts):
            where = f"{where_doc} #{i}"
            check_attribution(text, a, where, report)
            fields = ("content_start", "content", "cue_start", "source_name")
            key: tuple[Any, ...] = tuple(a.get(f) for f in fields)
            if key in keys:
                report.error(where, "duplicate attribution")
            keys.add(key)
            mt = a.get("mention_type") or "(continuation)"
            by_type[mt] += 1
            by_corpus[corpus] += 1
            by_corpus_type[(corpus, mt)] += 1
            by_source_kind[str(a.get("source_kind"))] += 1
            by_kind[str(a.get("kind"))] += 1

    total = sum(by_type.values())
    print(
        f"{total} attributions in {sum(docs.values())} documents "
        f"({', '.join(f'{c}: {n}' for c, n in sorted(docs.items()))})"
    )
    print("by mention type:")
    for mt, n in by_type.most_common():
        split = ", ".join(f"{c} {by_corpus_type[(c, mt)]}" for c in sorted(by_corpus))
        print(f"  {mt:16} {n:4}   ({split})")
    resolution = sum(by_type[t] for t in ("pronoun", "role_noun", "possessive", "group"))
    print(f"  pronoun + role_noun + possessive + group = {resolution}")
    print("by corpus: " + ", ".join(f"{c} {n}" for c, n in sorted(by_corpus.items())))
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    print("by source kind: " + ", ".join(f"{k} {n}" for k, n in by_source_kind.most_common()))
    if report.warnings and not args.quiet:
        print(f"{len(report.warnings)} warnings:")
        for w in report.warnings:
            print("  " + w)
    if args.write_offsets_only and not report.errors:
        with open(args.write_offsets_only, "w", encoding="utf-8") as out:
            for rec in records:
                stripped = {**rec, "attributions": [strip_content(a) for a in rec["attributions"]]}
                out.write(json.dumps(stripped, ensure_ascii=False) + "\n")
        print(f"wrote the offsets-only form to {args.write_offsets_only}")
    if report.errors:
        print(f"{len(report.errors)} errors:", file=sys.stderr)
        for e in report.errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK: every offset and value checks out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
