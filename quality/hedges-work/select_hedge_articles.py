"""Deterministic selection of the hedge dev-set articles (see hedge-guidelines.md, 'Selection').

Topic groups were assigned by hand from each article's headline; within a group the
articles are ordered by publication date and 11 are taken at evenly spaced ranks, so
every year the group covers is represented. The five defence/government-contract
articles are all taken.
"""
import json
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


CORPUS = _corpus()
GROUPS = {
    "defence": "100911 102977 108294 1173 5403",
    "apple_tech": "10718 11212 11778 12315 14501 1514 1664 16844 16900 16983 17036 17174 17654 "
                  "17677 18315 18355 2759 2984 3065 3806 4596 4678 4954 4980 5504 7343 7495 7539 7724 9509",
    "markets": "112579 113219 113227 113267 113278 113330 114565 114613 114719 114864 114904 115064 "
               "115587 115711 116834 121225 121416 121978 122475 124259 131162 141225 141483 180695 "
               "251007 61327 62405 76437 82738 96770",
    "aviation": "106653 11714 11716 128016 129865 145930 149731 25501 276079 3307 3835 41882 4764 51682 "
                "61389 62929 71426 71526 73808 78496 82548 82597 87805 8951 8983",
    "car_industry": "1007169 118147 118175 120554 120578 121134 123881 124043 125796 126029 126311 126361 "
                    "126878 127226 127227 127248 127461 143300 143480 150433 160257 264435 31706 31965 "
                    "39951 47720 60086 60658 68899 79240",
}
PER_GROUP = 11


def published() -> dict[str, str]:
    out = {}
    for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        p = d["published"]
        if p[2] == "-":  # one record is written DD-MM-YYYY
            p = p[6:] + "-" + p[3:5] + "-" + p[0:2]
        out[d["id"]] = p
    return out


def select() -> dict[str, list[str]]:
    pub = published()
    chosen = {}
    for group, ids in GROUPS.items():
        ordered = sorted(ids.split(), key=lambda i: (pub[i], i))
        if group == "defence":
            chosen[group] = ordered
            continue
        n = len(ordered)
        idx = sorted({round(k * (n - 1) / (PER_GROUP - 1)) for k in range(PER_GROUP)})
        chosen[group] = [ordered[i] for i in idx]
    return chosen


if __name__ == "__main__":
    all_ids = [i for ids in GROUPS.values() for i in ids.split()]
    assert len(all_ids) == len(set(all_ids)), "an article is in two groups"
    on_disk = {p.stem for p in CORPUS.glob("*.txt")}
    assert set(all_ids) == on_disk, on_disk ^ set(all_ids)
    pub = published()
    for g, ids in select().items():
        print(g, len(ids), " ".join(f"{i}({pub[i][:4]})" for i in ids))
