#!/usr/bin/env python3
"""Check the hand-annotated quantity set drawn from the shared corpus.

Verifies, for every line of ``quantities-corpus.jsonl``:

- the document exists (html-benchmark ``ground-truth.json`` id, or wikinews file stem),
  ``start``/``end`` lie inside its text, and the sentence neither starts nor ends with
  white space;
- ``sha256`` is the first 16 hex digits of the SHA-256 of the UTF-8 sentence (the same
  prefix ``claimledger.quantity_eval.score_sentence`` checks);
- every expected ``text`` occurs in the sentence (``occurrence`` n-th time), the match
  starts and ends on word boundaries, and no earlier occurrence is hidden inside a longer
  word (a warning: the scorer finds the n-th substring, not the n-th word);
- every expected record follows the conventions of ``quantity-conventions.md``: a known
  kind; ``value`` xor ``low``/``high`` (score: ``value`` null and a two-integer
  ``score``); low <= high; units of money are ISO codes of ``quantity_currencies.tsv``,
  percent units are "percent"/"percentage points"/"basis points", fractions lie in (0, 1];
- expected spans in one sentence do not overlap (one reading per span);
- ``not_quantities`` entries occur in the sentence and overlap no expected span;
- no sentence is listed twice, and none repeats the existing wikinews set.

Then prints counts per corpus, per kind and per form (glued unit, range, score, ...).
Exit status 1 when an error was found (warnings do not fail).

Usage: python3 check_quantities.py [--set FILE] [--corpus DIR] [--existing FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"count", "money", "percent", "date", "ordinal", "duration", "rate", "multiplier",
         "fraction", "score"}
PERCENT_UNITS = {"percent", "percentage points", "basis points"}
DURATION_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years",
                  "decades", "centuries", "quarters"}
ISO = {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "BRL", "GBP", "EUR", "JPY", "CNY", "INR",
       "RUB", "CHF", "SEK", "KRW", "MXN", "ZAR", "NOK", "UAH", "NGN", "USD-cents"}
NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|zero|once|"
                r"twice|single|a|an")
VAGUE = re.compile(r"\b(several|few|couple|handful|dozens|scores|tens|hundreds|thousands|"
                   r"millions|billions)\b", re.I)
APPROX = re.compile(r"\b(about|around|roughly|approximately|approx\.|some|an estimated|"
                    r"estimated|close to|nearly|almost|up to|as many as|as much as|less than|"
                    r"fewer than|under|no more than|below|just under|more than|over|"
                    r"at least|upwards of|in excess of|just over|above|~)", re.I)
GLUED = re.compile(r"\d(?:[\d.,]*\d)?(?:k|K|m|bn|mn|tn|[a-zA-Zµ\"″]+[a-zA-Z/\-]*)\b|\d\"")
CURRENCY_PREFIX = re.compile(r"(?:[$£€₹¥₦]|\bRs\.?|\bN(?=\d)|\bUS\$|\$US|A\$|AU\$|C\$|CA\$|"
                             r"HK\$|NZ\$|S\$|R\$|\bUSD|\bEUR|\bGBP)\s?\d")


def load_corpus(corpus: Path) -> tuple[dict[str, str], Path]:
    bodies = json.loads((corpus / "html-benchmark" / "ground-truth.json").read_text("utf-8"))
    return {k: v["articleBody"] for k, v in bodies.items()}, corpus / "wikinews"


def forms_of(item: dict) -> list[str]:
    """The surface forms an expected quantity shows (for the per-form counts).

    A quantity can show several forms ("about $40-50bn" is a range, a currency symbol,
    a glued scale and an approximation)."""
    text, kind = item["text"], item["kind"]
    forms: list[str] = []
    if kind == "score":
        return ["score (won 2-0, W-L records)"]
    words_only = not re.search(r"\d", text)
    if "low" in item:
        if VAGUE.search(text) or re.search(r"\b(few|\d0s|or two)\b|\d0s", text):
            forms.append("vague amount (several thousand, dozens)")
        else:
            forms.append("range")
            if re.search(r"\bbetween\b", text, re.I):
                forms.append("range: between ... and")
            elif re.search(r"\b(to|through)\b", text):
                forms.append("range: to/through")
            elif "–" in text or "—" in text:
                forms.append("range: en dash")
            elif "-" in text or "/" in text:
                forms.append("range: hyphen/slash")
            if words_only:
                forms.append("range in words (two to three years)")
    elif VAGUE.search(text) or re.search(r"\b(a few|handful)\b", text, re.I):
        forms.append("vague amount (several thousand, dozens)")
    if kind in ("money",) or (kind == "rate" and re.search(r"[$£€₹¥₩]|\bRs|USD", text)):
        if re.search(r"\$US|A\$|AU\$|C\$|CA\$|HK\$|NZ\$|S\$|R\$|US ?\$|USD\$|\bRs\.?|₹|\bN\d", text):
            forms.append("currency prefix marked (A$, US$, Rs, N)")
        elif re.search(r"[$£€¥₩]", text):
            forms.append("currency symbol ($, £, €, ¥, ₩)")
        else:
            forms.append("currency word (rubles, yuan, cents)")
        if re.search(r"\b(lakh|crore)\b", text):
            forms.append("indian scale (lakh, crore)")
    glued = re.search(r"\d(?:[.,]\d+)?(?!st\b|nd\b|rd\b|th\b|s\b|am\b|pm\b)([a-zA-Zµ°\"″]+)", text)
    if glued and kind not in ("date", "ordinal") and not re.search(r"\d-", text[glued.start():glued.end() + 1]):
        forms.append("glued unit/scale (30k, 2.5mm, $12.9bn)")
    if re.search(r"\d-[a-zA-Z]", text) and kind in ("count", "duration", "rate"):
        forms.append("hyphenated measure (30-year, 2-liter)")
    if kind == "duration" and re.search(r"year-old|year old|^\d+$|\b(age|aged)\b|or (above|older)|\d0s|and a half$", text):
        forms.append("age")
    if kind == "fraction":
        forms.append("fraction (a third of, one in four)")
    if kind == "multiplier":
        forms.append("multiplier (ninefold, twice, 3x)")
    if kind == "percent":
        forms.append("percent")
    if kind == "rate":
        forms.append("rate (per share, a year, mph)")
    if kind == "date":
        forms.append("date (year value)" if item.get("value") is not None or "low" in item
                     else "date/time without year")
    if kind == "ordinal":
        forms.append("ordinal")
    if kind == "count" and re.fullmatch(rf"(?:{NUMBER_WORDS})", text, re.I):
        forms.append("small number word counting (one of the ...)")
    elif words_only and kind in ("count", "duration", "percent") and "low" not in item \
            and not VAGUE.search(text):
        forms.append("number words + unit (two years, five percent)")
    if APPROX.search(text) or item.get("approximate"):
        forms.append("approximation/bound (about, more than, up to)")
    if not forms or forms == ["approximation/bound (about, more than, up to)"]:
        forms.append("plain number + unit/noun")
    return forms


def boundary_ok(sentence: str, start: int, end: int) -> bool:
    before = sentence[start - 1] if start > 0 else " "
    after = sentence[end] if end < len(sentence) else " "
    first, last = sentence[start], sentence[end - 1]
    ok_before = not (before.isalnum() and first.isalnum())
    ok_after = not (after.isalnum() and last.isalnum())
    return ok_before and ok_after


def check(rows: list[dict], bodies: dict[str, str], wikinews: Path,
          existing: set[tuple[str, int, int]]) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[tuple[str, str, int, int]] = set()
    for n, row in enumerate(rows, 1):
        where = f"line {n} ({row.get('corpus')} {str(row.get('doc'))[:12]} {row.get('start')})"
        corpus = row.get("corpus")
        if corpus == "html-benchmark":
            text = bodies.get(row["doc"])
        elif corpus == "wikinews":
            path = wikinews / f"{row['doc']}.txt"
            text = path.read_text(encoding="utf-8") if path.is_file() else None
        else:
            errors.append(f"{where}: unknown corpus {corpus!r}")
            continue
        if text is None:
            errors.append(f"{where}: no such document")
            continue
        start, end = row["start"], row["end"]
        if not (0 <= start < end <= len(text)):
            errors.append(f"{where}: offsets outside the text ({len(text)} chars)")
            continue
        sentence = text[start:end]
        if sentence != sentence.strip():
            errors.append(f"{where}: sentence starts or ends with white space")
        digest = hashlib.sha256(sentence.encode()).hexdigest()[:16]
        if row.get("sha256") != digest:
            errors.append(f"{where}: sha256 {row.get('sha256')} != {digest}")
        key = (corpus, row["doc"], start, end)
        if key in seen:
            errors.append(f"{where}: sentence listed twice")
        seen.add(key)
        if corpus == "wikinews" and (row["doc"], start, end) in existing:
            errors.append(f"{where}: already in the existing wikinews set")
        spans: list[tuple[int, int, str]] = []
        for item in row["expected"]:
            label = f"{where} {item.get('text')!r}"
            errors.extend(f"{label}: {p}" for p in schema_problems(item))
            needle, occurrence = item["text"], int(item.get("occurrence", 1))
            index, hidden = -1, False
            for _ in range(occurrence):
                index = sentence.find(needle, index + 1)
                while index >= 0 and not boundary_ok(sentence, index, index + len(needle)):
                    hidden = True
                    index = sentence.find(needle, index + 1)
                if index < 0:
                    break
            if index < 0:
                errors.append(f"{label}: not found (occurrence {occurrence}) on word boundaries")
                continue
            raw, count = -1, 0
            while count < occurrence:
                raw = sentence.find(needle, raw + 1)
                count += 1
            if hidden or raw != index:
                errors.append(f"{label}: the scorer's {occurrence}. substring match is inside "
                              f"a longer word; give the occurrence counting that match")
            for s, e, other in spans:
                if index < e and s < index + len(needle):
                    errors.append(f"{label}: overlaps expected {other!r}")
            spans.append((index, index + len(needle), needle))
        for ident in row.get("not_quantities", []):
            at = sentence.find(ident)
            if at < 0:
                errors.append(f"{where}: not_quantity {ident!r} not in the sentence")
                continue
            if any(at < e and s < at + len(ident) for s, e, _ in spans):
                warnings.append(f"{where}: not_quantity {ident!r} overlaps an expected span")
    return errors, warnings


def schema_problems(item: dict) -> list[str]:
    problems = []
    kind = item.get("kind")
    if kind not in KINDS:
        return [f"unknown kind {kind!r}"]
    has_range = "low" in item or "high" in item
    if kind == "score":
        score = item.get("score")
        if item.get("value", 0) is not None or not isinstance(score, list) or len(score) < 2 \
                or not all(isinstance(x, int) for x in score) or has_range:
            problems.append("a score has value null, no low/high and score [a, b, ...] (integers)")
        return problems
    if "score" in item:
        problems.append("score field on a non-score")
    if has_range:
        if "value" in item:
            problems.append("a range has low/high and no value")
        if not ("low" in item and "high" in item):
            problems.append("a range needs both low and high")
        elif item["low"] > item["high"]:
            problems.append("low > high")
    elif "value" not in item:
        problems.append("no value")
    unit = item.get("unit")
    if kind == "money" and unit not in ISO:
        problems.append(f"money unit {unit!r} is not an ISO code of quantity_currencies.tsv")
    if kind == "percent" and unit not in PERCENT_UNITS:
        problems.append(f"percent unit {unit!r}")
    if kind == "duration" and unit not in DURATION_UNITS:
        problems.append(f"duration unit {unit!r}")
    if kind in ("date", "ordinal", "multiplier", "fraction") and unit is not None:
        problems.append(f"{kind} takes no unit")
    if kind == "fraction" and not (0 < float(item.get("value") or 0) <= 1):
        problems.append("a fraction lies in (0, 1]")
    if kind == "rate" and unit is not None and " per " not in unit and \
            unit not in ("mph", "km/h", "knots", "fps", "mpg", "kbps", "Mbps"):
        problems.append(f"rate unit {unit!r} is not 'X per Y'")
    if "change" in item and item["change"] not in ("increase", "decrease"):
        problems.append("change is increase or decrease")
    if "approximate" in item and item["approximate"] is not True:
        problems.append("approximate is only written when true")
    allowed = {"text", "kind", "value", "low", "high", "unit", "occurrence", "change",
               "approximate", "score"}
    extra = set(item) - allowed
    if extra:
        problems.append(f"unknown fields {sorted(extra)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=HERE.parent / "tests" / "data" / "quantities-corpus.jsonl")
    default_corpus = next((p for p in (Path("../shared/corpus"), Path("/work/shared/corpus"))
                           if p.is_dir()), Path("../shared/corpus"))
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--existing", type=Path,
                        default=Path("/work/main/tests/data/quantities-wikinews.jsonl"))
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text("utf-8").splitlines()
            if line.strip()]
    bodies, wikinews = load_corpus(args.corpus)
    existing = set()
    if args.existing.is_file():
        for line in args.existing.read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                existing.add((r["doc"], r["start"], r["end"]))
    errors, warnings = check(rows, bodies, wikinews, existing)
    for message in warnings:
        print("warning:", message)
    for message in errors:
        print("ERROR:", message)

    by_corpus = Counter(r["corpus"] for r in rows)
    docs = Counter((r["corpus"], r["doc"]) for r in rows)
    kinds: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    sentence_forms: Counter[str] = Counter()
    units: Counter[str] = Counter()
    for r in rows:
        in_sentence = set()
        for item in r["expected"]:
            kinds[item["kind"]] += 1
            if item.get("unit"):
                units[f"{item['kind']}:{item['unit']}"] += 1
            for form in forms_of(item):
                forms[form] += 1
                in_sentence.add(form)
        if r.get("not_quantities"):
            forms["(not_quantities entries)"] += len(r["not_quantities"])
            in_sentence.add("identifier (not_quantities)")
        sentence_forms.update(in_sentence)
    expected = sum(kinds.values())
    print(f"\n{len(rows)} sentences ({', '.join(f'{k}: {v}' for k, v in by_corpus.items())}) "
          f"from {len(docs)} documents; {expected} expected quantities; "
          f"{sum(len(r.get('not_quantities', [])) for r in rows)} not_quantities; "
          f"{sum(1 for r in rows if not r['expected'])} sentences with none expected")
    print("\nper kind:")
    for kind, n in kinds.most_common():
        print(f"  {kind:12} {n}")
    print("\nper form (quantities / sentences holding it):")
    for form, n in sorted(forms.items(), key=lambda kv: -kv[1]):
        print(f"  {form:42} {n:4} / {sentence_forms.get(form, sentence_forms.get('identifier (not_quantities)') if form.startswith('(') else 0)}")
    print("\nunits:")
    print("  " + ", ".join(f"{u} {n}" for u, n in sorted(units.items())))
    print(f"\n{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
