"""MinHash and LSH banding on real Wikinews sentences, cross-checked with datasketch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from claimledger.linking.calibrate import sentence_spans
from claimledger.linking.minhash import band_keys, estimated_jaccard, jaccard, shingles, signatures

WIKINEWS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    out = []
    for path in sorted(WIKINEWS.glob("*.txt"))[:30]:
        text = path.read_text(encoding="utf-8")
        out.extend(text[a:b] for a, b in sentence_spans(text) if len(text[a:b].split()) >= 12)
    return out[:120]


def edited(sentence: str) -> str:
    """The sentence with its third word dropped: what a re-reporting outlet might do."""
    words = sentence.split()
    return " ".join(words[:2] + words[3:])


def test_estimate_tracks_exact_jaccard_like_datasketch(sentences: list[str]) -> None:
    texts = [t for s in sentences for t in (s, edited(s))]
    sigs = signatures(texts, num_perm=256)
    pairs = np.array([(2 * i, 2 * i + 1) for i in range(len(sentences))], dtype=np.int64)
    ours = estimated_jaccard(sigs, pairs)
    for k, sentence in enumerate(sentences):
        a, b = shingles(sentence), shingles(edited(sentence))
        exact = jaccard(a, b)
        reference_a, reference_b = MinHash(num_perm=256), MinHash(num_perm=256)
        for shingle in a:
            reference_a.update(shingle.encode())
        for shingle in b:
            reference_b.update(shingle.encode())
        assert abs(ours[k] - exact) < 0.2
        assert abs(ours[k] - reference_a.jaccard(reference_b)) < 0.25
    assert abs(float(np.mean(ours)) - np.mean([jaccard(shingles(s), shingles(edited(s)))
                                               for s in sentences])) < 0.03


def test_signatures_are_stable_and_batch_independent(sentences: list[str]) -> None:
    whole = signatures(sentences)
    assert np.array_equal(whole, signatures(sentences))
    assert np.array_equal(whole[5:9], signatures(sentences[5:9]))


def test_bands_put_near_duplicates_together_and_others_apart(sentences: list[str]) -> None:
    keys = band_keys(signatures([t for s in sentences for t in (s, edited(s))]), 20)
    originals, copies = keys[0::2], keys[1::2]
    shared = [bool(set(originals[i]) & set(copies[i])) for i in range(len(sentences))]
    assert np.mean(shared) > 0.9
    unrelated = [bool(set(originals[i]) & set(originals[i + 1]))
                 for i in range(len(sentences) - 1)
                 if jaccard(shingles(sentences[i]), shingles(sentences[i + 1])) < 0.2]
    assert not any(unrelated)


def test_shingles_ignore_case_quotes_and_thousands_separators() -> None:
    assert shingles("The “Ministry” said 1,250 died.") == shingles('the "ministry" said 1250 died')
    assert shingles("Two words") == {"two words"}


def test_signatures_do_not_depend_on_the_batching(sentences: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are cut by shingle count; a text's signature must not depend on which
    texts share its batch (a whole article as one text crosses every boundary)."""
    texts = [*sentences[:40], " ".join(sentences), "", *sentences[40:]]
    whole = signatures(texts)
    one_by_one = np.vstack([signatures([t]) for t in texts])
    monkeypatch.setattr("claimledger.linking.minhash.BATCH_SHINGLES", 37)
    assert np.array_equal(whole, one_by_one)
    assert np.array_equal(signatures(texts), whole)
