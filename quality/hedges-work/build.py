"""Build hedges-dev.jsonl from spaCy-proposed sentences + hand-written hedges-work/<doc>.ann files.

.ann line forms (one per line, '#' starts a comment line):
  split | <snippet>            sentence boundary before <snippet> (unique in the doc)
  join  | <snippet>            remove the proposed boundary(ies) inside <snippet>
  <type> | <cue> | <context>   a cue; <context> is unique in the doc and contains <cue>
  <type> | <cue>               <cue> itself (as whole words) is unique in the doc
  pass | <n>                   annotation pass completed (1 or 2)
"""
import json, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from select_hedge_articles import select, CORPUS

WORK = Path(__file__).resolve().parent
TYPES = {"modal_possible", "modal_probable", "doxastic", "condition", "investigation", "weasel"}


def unique(text, snippet, doc):
    hits = [m.start() for m in re.finditer(re.escape(snippet), text)]
    if len(hits) != 1:
        raise SystemExit(f"{doc}: snippet {snippet!r} occurs {len(hits)} times")
    return hits[0]


def word_find(hay, needle):
    m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", hay)
    return None if m is None else m.start()


def build_doc(doc, text, spans):
    ann = WORK / f"{doc}.ann"
    lines = ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []
    bounds = [list(s) for s in spans]
    cues, passes = [], set()
    for ln in lines:
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in ln.split("|")]
        kind = parts[0]
        if kind == "pass":
            passes.add(int(parts[1])); continue
        if kind == "split":
            pos = unique(text, parts[1], doc)
            for i, (a, b) in enumerate(bounds):
                if a < pos < b:
                    left = pos
                    while text[left - 1].isspace():
                        left -= 1
                    bounds[i:i + 1] = [[a, left], [pos, b]]
                    break
            else:
                raise SystemExit(f"{doc}: split point {parts[1]!r} not inside a sentence")
            continue
        if kind == "join":
            pos = unique(text, parts[1], doc)
            end = pos + len(parts[1])
            idx = [i for i, (a, b) in enumerate(bounds) if a < end and b > pos]
            if len(idx) < 2:
                raise SystemExit(f"{doc}: join {parts[1]!r} crosses no boundary")
            bounds[idx[0]:idx[-1] + 1] = [[bounds[idx[0]][0], bounds[idx[-1]][1]]]
            continue
        if kind not in TYPES:
            raise SystemExit(f"{doc}: bad line {ln!r}")
        cue = parts[1]
        if len(parts) > 2 and parts[2]:
            ctx = parts[2]
            base = unique(text, ctx, doc)
            off = word_find(ctx, cue)
            if off is None:
                raise SystemExit(f"{doc}: cue {cue!r} not in context {ctx!r}")
            start = base + off
        else:
            hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text)]
            if len(hits) != 1:
                raise SystemExit(f"{doc}: cue {cue!r} occurs {len(hits)} times; give a context")
            start = hits[0]
        cues.append((start, start + len(cue), cue, kind))
    sents = [{"start": a, "end": b, "cues": []} for a, b in bounds]
    seen = set()
    for c in sorted(cues):
        if (c[0], c[1]) in seen:
            raise SystemExit(f"{doc}: duplicate cue {c}")
        seen.add((c[0], c[1]))
        for s in sents:
            if s["start"] <= c[0] and c[1] <= s["end"]:
                s["cues"].append({"start": c[0], "end": c[1], "text": c[2], "type": c[3]})
                break
        else:
            raise SystemExit(f"{doc}: cue {c} crosses a sentence boundary")
    return sents, passes


def main(show=None):
    proposed = json.loads((WORK / "proposed.json").read_text())
    order = [d for ids in select().values() for d in ids]
    records = []
    for doc in order:
        text = open(CORPUS / f"{doc}.txt", encoding="utf-8", newline="").read()
        sents, passes = build_doc(doc, text, proposed[doc])
        if show and doc in show:
            print(f"===== {doc} passes={sorted(passes)}")
            for i, s in enumerate(sents):
                t, off = text[s["start"]:s["end"]], s["start"]
                for c in reversed(s["cues"]):
                    a, b = c["start"] - off, c["end"] - off
                    t = t[:a] + "[[" + t[a:b] + "]]{" + c["type"] + "}" + t[b:]
                print(f"[{i}] {t}")
        if (WORK / f"{doc}.ann").exists():
            records.append({"doc": doc, "annotator": "h1", "sentences": sents})
    with open(WORK.parent / "hedges-dev.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} annotated docs of {len(order)} selected", file=sys.stderr)


if __name__ == "__main__":
    main(set(sys.argv[1:]))
