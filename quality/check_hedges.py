"""Check hedges-dev.jsonl: offsets, cue types, sentence coverage; print counts.

Usage: python3 check_hedges.py [hedges-dev.jsonl] [corpus_dir]
Files are read with open(..., encoding="utf-8", newline="") (no file contains '\\r').
"""
import collections
import json
import sys
from pathlib import Path

def _corpus() -> Path:
    """The Wikinews corpus: $WIKINEWS_CORPUS, else ../shared/corpus/wikinews from the
    project root or from /work."""
    import os
    env = os.environ.get("WIKINEWS_CORPUS")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [parent / "shared" / "corpus" / "wikinews" for parent in here.parents]
    for c in candidates:
        if (c / "metadata.jsonl").exists():
            return c
    raise SystemExit("Wikinews corpus not found; set WIKINEWS_CORPUS")


TYPES = {"modal_possible", "modal_probable", "doxastic", "condition", "investigation", "weasel"}


def check(path: Path, corpus: Path) -> int:
    problems = []
    per_type = collections.Counter()
    n_sent = n_unc = n_docs = 0
    seen_docs = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        doc = rec["doc"]
        where = f"line {lineno} doc {doc}"
        if doc in seen_docs:
            problems.append(f"{where}: doc repeated")
        seen_docs.add(doc)
        if set(rec) != {"doc", "annotator", "sentences"} or rec["annotator"] != "h1":
            problems.append(f"{where}: bad keys/annotator")
        text = open(corpus / f"{doc}.txt", encoding="utf-8", newline="").read()
        if "\r" in text:
            problems.append(f"{where}: text contains \\r")
        n_docs += 1
        prev_end = 0
        for i, s in enumerate(rec["sentences"]):
            a, b = s["start"], s["end"]
            if not (0 <= a < b <= len(text)):
                problems.append(f"{where} sent {i}: bad offsets {a}-{b}")
                continue
            gap = text[prev_end:a]
            if a < prev_end or gap.strip():
                problems.append(f"{where} sent {i}: overlap or non-space gap {gap!r}")
            if "\n\n" in text[a:b] or text[a].isspace() or text[b - 1].isspace():
                problems.append(f"{where} sent {i}: crosses blank line or untrimmed")
            prev_end = b
            n_sent += 1
            if s["cues"]:
                n_unc += 1
            last = a
            for c in s["cues"]:
                if set(c) != {"start", "end", "text", "type"}:
                    problems.append(f"{where} sent {i}: bad cue keys {c}")
                if c["type"] not in TYPES:
                    problems.append(f"{where} sent {i}: bad type {c['type']}")
                if not (a <= c["start"] < c["end"] <= b):
                    problems.append(f"{where} sent {i}: cue outside sentence {c}")
                if text[c["start"]:c["end"]] != c["text"]:
                    problems.append(f"{where} sent {i}: text mismatch {c} vs {text[c['start']:c['end']]!r}")
                if c["start"] < last:
                    problems.append(f"{where} sent {i}: cues overlap or out of order {c}")
                last = c["end"]
                per_type[c["type"]] += 1
        if text[prev_end:].strip():
            problems.append(f"{where}: text after last sentence not covered")
    for p in problems:
        print("PROBLEM", p)
    print(f"docs {n_docs}  sentences {n_sent}  uncertain sentences {n_unc}  cues {sum(per_type.values())}")
    for t in sorted(TYPES):
        print(f"  {t:15s} {per_type[t]}")
    return 1 if problems else 0


if __name__ == "__main__":
    p = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("hedges-dev.jsonl")
    c = Path(sys.argv[2]) if len(sys.argv) > 2 else _corpus()
    sys.exit(check(p, c))
