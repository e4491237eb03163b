"""Check loaded-dev.jsonl against the html-benchmark ground truth.

Verifies, for every article: the document id exists, the record has the expected fields,
each span's offsets are in range and body[start:end] == text, spans are sorted, do not
overlap, have no leading/trailing whitespace, and no document appears twice. Prints
per-article and total counts; exits 1 if any problem is found.

Usage: python3 check_loaded.py [loaded-dev.jsonl] [ground-truth.json]
"""
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DEV = HERE / "loaded-dev.jsonl"
GT_REL = Path("shared/corpus/html-benchmark/ground-truth.json")
# The corpus sits in ../shared next to the project root (and at /work/shared on the
# annotation machine); take the first that exists so the script runs from either place.
GT_CANDIDATES = [HERE.parent.parent / GT_REL, HERE.parent / GT_REL, Path("/work") / GT_REL]
DEFAULT_GT = next((p for p in GT_CANDIDATES if p.exists()), GT_CANDIDATES[-1])
FIELDS = {"doc", "outlet", "genre", "annotator", "spans"}


def main() -> int:
    dev_path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEV
    gt_path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_GT
    with gt_path.open(encoding="utf-8") as f:
        truth = json.load(f)
    problems = []
    seen = set()
    genres = Counter()
    outlets = set()
    total = 0
    print(f"{'doc':12} {'outlet':32} {'genre':14} {'spans':>5} {'chars':>6}")
    with dev_path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            where = f"line {lineno}"
            missing = FIELDS - rec.keys()
            if missing:
                problems.append(f"{where}: missing fields {sorted(missing)}")
                continue
            doc = rec["doc"]
            if doc in seen:
                problems.append(f"{where}: duplicate doc {doc}")
            seen.add(doc)
            if doc not in truth:
                problems.append(f"{where}: unknown doc {doc}")
                continue
            body = truth[doc]["articleBody"]
            prev_end = -1
            for i, sp in enumerate(rec["spans"]):
                s, e, t = sp.get("start"), sp.get("end"), sp.get("text")
                tag = f"{where} span {i} {t!r}"
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(body)):
                    problems.append(f"{tag}: bad offsets {s}-{e}")
                    continue
                if body[s:e] != t:
                    problems.append(f"{tag}: body[{s}:{e}] is {body[s:e]!r}")
                if t != t.strip():
                    problems.append(f"{tag}: leading/trailing whitespace")
                if s < prev_end:
                    problems.append(f"{tag}: overlaps or is out of order (starts {s} < {prev_end})")
                prev_end = max(prev_end, e)
            n = len(rec["spans"])
            total += n
            genres[rec["genre"]] += 1
            outlets.add(rec["outlet"])
            print(f"{doc[:12]} {rec['outlet'][:32]:32} {rec['genre'][:14]:14} {n:5d} {len(body):6d}")
    print(f"\narticles: {len(seen)}  outlets: {len(outlets)}  spans: {total}")
    print("genres: " + ", ".join(f"{g}={c}" for g, c in sorted(genres.items())))
    empty = 0
    with dev_path.open(encoding="utf-8") as f:
        empty = sum(1 for line in f if line.strip() and not json.loads(line)["spans"])
    print(f"articles without loaded language: {empty}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
