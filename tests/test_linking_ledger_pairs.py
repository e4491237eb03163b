"""Pair decisions through the real ledger (``ledger_eval``): ingest, link, clusters."""

from __future__ import annotations

from claimledger.linking.ledger_eval import ledger_same, sample

PAIRS = [
    # A paraphrase with little word overlap: the verifier links it.
    ("The city council approved the new housing budget of 40 million dollars on Tuesday.",
     "On Tuesday, councillors voted through the city's 40 million dollar housing budget."),
    # The same people doing different things: not the same claim.
    ("The city council approved the new housing budget of 40 million dollars on Tuesday.",
     "The city council rejected a proposal to close three public libraries on Tuesday."),
]


def test_ledger_links_the_paraphrase_and_not_the_hard_negatives() -> None:
    assert ledger_same(PAIRS).tolist() == [True, False]


def test_sample_is_seeded_and_sorted() -> None:
    items = [("a", "b")] * 50
    assert sample(items, 10, 7) == sample(items, 10, 7)
    assert sample(items, 10, 7) == sorted(sample(items, 10, 7))
    assert sample(items, None, 7) == list(range(50))
