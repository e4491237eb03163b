"""A constant-memory synthetic claim corpus for the linking benchmark.

``SyntheticObservations(n, bases)`` is a re-iterable stream of ``n`` observations: each
is a Wikinews sentence (``base_sentences()``) reported again by a synthetic outlet, with
adjacent words swapped, a word dropped or a number changed (70 % of them), a holder, a
citation (20 %) and the numbers of the text as quantities. Observation ``i`` is derived
from its own ``random.Random`` (seeded from ``seed`` and ``i``), and the outlet and date
of article ``i // 3`` from the article's own, so every iteration yields the same
observations and nothing grows with ``n``. The base sentence is in the id
(``obs{i}-b{base}``, ``base_of``) so cluster purity needs no side table.

``HashedEmbedder`` stands in for the sentence model at scale (the int8 MiniLM embeds
~100-250 sentences/s here, ~15 minutes for 100k sentences): a text's vector is the
normalised, weighted sum of per-word pseudo-random unit vectors (seeded by a stable hash
of the word; function words weigh 0.3, numbers 0.5, other words 1) plus a noise vector
drawn from the hash of the whole text, of relative length 0.05-0.25. It is deterministic
per text and needs no text -> vector table; the per-word table (~9 MB) covers the bounded
vocabulary of the base sentences (~5,200 words) and the numbers ``perturb`` writes.

Cosines, 400 pairs per row (``.venv/bin/python benchmarks/synthetic_claims.py``):

    pair of sentences                        hashed mean (5-95 %)    MiniLM mean (5-95 %)
    base / two adjacent words swapped        0.975 (0.954-0.993)     0.991 (0.969-1.000)
    base / a word dropped                    0.949 (0.896-0.986)     0.973 (0.891-0.999)
    base / a number changed                  0.962 (0.931-0.988)     0.954 (0.830-0.999)
    two random edits of one base             0.945 (0.873-0.989)     0.958 (0.832-0.998)
    neighbouring sentences (mostly 1 story)  0.130 (-0.028-0.357)    0.361 (0.087-0.677)
    unrelated sentences                      0.037 (-0.067-0.139)    0.110 (-0.039-0.316)

Near-duplicates land where MiniLM puts them (a little lower for swaps: a bag of words is
blind to order, so only the noise separates them); sentences of one story sit lower than
with MiniLM, so the story pass (``story_pair_cosine`` 0.61) rarely fires, and unrelated
sentences stay far below ``cosine_same`` (0.82).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimledger.linking import Observation, QuantityValue
from claimledger.linking.calibrate import sentence_spans
from claimledger.linking.embeddings import DIMENSIONS, Embedder, l2_normalise
from claimledger.linking.tokens import stopwords, words

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"
OUTLETS = tuple(f"Outlet {i:03d}" for i in range(300))
HOLDERS = ((None, None), ("Maria Lopez", "named_person"),
           ("Ministry of Transport", "named_organization"),
           ("a senior official", "official_unnamed"), ("sources", "anonymous"),
           ("John Okafor", "named_person"))
NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
PERTURBED_NUMBERS = range(2, 1000)  # what ``perturb`` writes in place of a number
OBSERVATIONS_PER_ARTICLE = 3

FloatArray = npt.NDArray[np.float32]


@cache
def base_sentences() -> tuple[str, ...]:
    """Sentences of six words or more of the Wikinews corpus, in file order."""
    out: list[str] = []
    for path in sorted(WIKINEWS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(text[a:b] for a, b in sentence_spans(text) if len(text[a:b].split()) >= 6)
    return tuple(out)


def perturb(text: str, rng: random.Random, kind: str | None = None) -> str:
    """One edit a re-reporting outlet might make ): a number changed (30 %, when
    the text has one), a word dropped (30 %) or two adjacent words swapped."""
    tokens = text.split()
    numbers = [i for i, w in enumerate(tokens) if NUMBER.fullmatch(w.strip(",."))]
    if kind is None:
        roll = rng.random()
        kind = "number" if roll < 0.3 and numbers else "drop" if roll < 0.6 else "swap"
    if kind == "number" and numbers:
        tokens[rng.choice(numbers)] = str(rng.choice(PERTURBED_NUMBERS))
    elif kind == "drop" and len(tokens) > 6:
        del tokens[rng.randrange(len(tokens))]
    elif len(tokens) > 3:
        i = rng.randrange(len(tokens) - 1)
        tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens)


def base_of(observation_id: str) -> int:
    """The base sentence index encoded in a synthetic observation id."""
    return int(observation_id.rsplit("-b", 1)[1])


class SyntheticObservations:
    """``n`` synthetic observations; iterating again yields the same ones (module doc)."""

    def __init__(self, n: int, bases: Sequence[str], *, seed: int = 7) -> None:
        self.n = n
        self.bases = bases
        self.seed = seed

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[Observation]:
        for i in range(self.n):
            yield self.observation(i)

    def observation(self, i: int) -> Observation:
        rng = random.Random(self.seed * 1_000_003 + i)
        article = i // OBSERVATIONS_PER_ARTICLE
        # A string seed is hashed with SHA-512: stable across processes, and apart from
        # the integer seeds of the observations.
        article_rng = random.Random(f"article:{self.seed}:{article}")
        outlet = article_rng.choice(OUTLETS)
        published = (f"2008-03-{1 + article_rng.randrange(28):02d}"
                     f"T{article_rng.randrange(24):02d}:00:00")
        b = rng.randrange(len(self.bases))
        text = perturb(self.bases[b], rng) if rng.random() < 0.7 else self.bases[b]
        holder, kind = rng.choice(HOLDERS)
        numbers = [float(x) for x in NUMBER.findall(text)][:2]
        return Observation(
            id=f"obs{i}-b{b}", article_id=f"art{article}", outlet=outlet,
            published=published, text=text, holder_name=holder, holder_kind=kind,
            cited=rng.choice(OUTLETS) if rng.random() < 0.2 else None,
            quantities=tuple(QuantityValue(x, None, None, None, "number") for x in numbers))


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(),
                          "little")


def _word_vector(word: str) -> FloatArray:
    vector = np.random.default_rng(_stable_hash(word)).standard_normal(DIMENSIONS)
    return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)


class HashedEmbedder:
    """Deterministic bag-of-hashed-words embeddings (module doc); memory is the word table
    of ``vocabulary`` plus a 1,024-vector noise bank, whatever the number of texts."""

    FUNCTION_WEIGHT = 0.3
    NUMBER_WEIGHT = 0.5
    NOISE = (0.05, 0.25)
    BANK = 1024

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        known = {w for text in vocabulary for w in words(text)}
        known.update(str(x) for x in PERTURBED_NUMBERS)
        self._index = {w: i for i, w in enumerate(sorted(known))}
        self._table = np.stack([_word_vector(w) for w in sorted(known)])
        self._weights = np.array([self._weight(w) for w in sorted(known)], dtype=np.float32)
        bank = np.random.default_rng(20081).standard_normal((self.BANK, DIMENSIONS))
        self._bank = l2_normalise(bank)

    @classmethod
    def _weight(cls, word: str) -> float:
        if any(ch.isdigit() for ch in word):
            return cls.NUMBER_WEIGHT
        if len(word) < 2 or word in stopwords():
            return cls.FUNCTION_WEIGHT
        return 1.0

    def embed(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = words(text)
            known = [self._index[w] for w in tokens if w in self._index]
            if known:
                out[row] = self._weights[known] @ self._table[known]
            for word in tokens:  # outside the vocabulary: computed, not cached
                if word not in self._index:
                    out[row] += self._weight(word) * _word_vector(word)
            out[row] /= max(float(np.linalg.norm(out[row])), 1e-12)
            out[row] += self._noise(text)
        return l2_normalise(out)

    def _noise(self, text: str) -> FloatArray:
        """A unit vector from two bank rows picked by the text's hash, scaled to a length
        in ``NOISE`` also taken from the hash: equal texts get equal noise."""
        h = _stable_hash(text)
        noise = self._bank[h % self.BANK] + self._bank[(h >> 10) % self.BANK]
        low, high = self.NOISE
        length = low + (high - low) * ((h >> 20) % 65536) / 65535
        return np.asarray(noise * (length / np.linalg.norm(noise)), dtype=np.float32)


def _pairs(bases: Sequence[str], count: int, seed: int = 3) -> dict[str, list[tuple[str, str]]]:
    """Sentence pairs by relation, for the cosine table of the module doc."""
    rng = random.Random(seed)
    with_number = [b for b in bases if NUMBER.search(b)]
    pairs: dict[str, list[tuple[str, str]]] = {
        "base / two adjacent words swapped": [], "base / a word dropped": [],
        "base / a number changed": [], "two random edits of one base": [],
        "neighbouring sentences (mostly 1 story)": [], "unrelated sentences": []}
    for _ in range(count):
        a = rng.choice(bases)
        pairs["base / two adjacent words swapped"].append((a, perturb(a, rng, "swap")))
        pairs["base / a word dropped"].append((a, perturb(a, rng, "drop")))
        n = rng.choice(with_number)
        pairs["base / a number changed"].append((n, perturb(n, rng, "number")))
        pairs["two random edits of one base"].append((perturb(a, rng), perturb(a, rng)))
        i = rng.randrange(len(bases) - 1)
        pairs["neighbouring sentences (mostly 1 story)"].append((bases[i], bases[i + 1]))
        j, k = rng.sample(range(len(bases)), 2)
        pairs["unrelated sentences"].append((bases[j], bases[k]))
    return pairs


def _cosines(embedder: Embedder, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
    a = embedder.embed([p[0] for p in pairs])
    b = embedder.embed([p[1] for p in pairs])
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def _summary(cosines: npt.NDArray[np.float64]) -> str:
    low, high = np.quantile(cosines, [0.05, 0.95])
    return f"{cosines.mean():.3f} ({low:.3f}-{high:.3f})"


def cosine_table(count: int = 400, *, real: bool = True) -> str:
    """The table of the module doc: cosine by relation, hashed (and MiniLM if ``real``)."""
    bases = base_sentences()
    hashed = HashedEmbedder(bases)
    model: Embedder | None = None
    if real:
        from claimledger.linking.embeddings import default_embedder
        model = default_embedder()
    lines = [f"    {'pair of sentences':<41}{'hashed mean (5-95 %)':<24}MiniLM mean (5-95 %)"]
    for name, pairs in _pairs(bases, count).items():
        c = _cosines(hashed, pairs)
        line = f"    {name:<41}{_summary(c):<24}"
        if model is not None:
            line += _summary(_cosines(model, pairs))
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    print(cosine_table())
