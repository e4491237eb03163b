"""Coherent clusters and link reasons (issue 10, item 5).

- A chain (A ~ B and B ~ C by the pair rule, A and C about different things) is not
  merged whole: B is a sentence that joins A's words and C's words, so each half is a
  near-copy of it, and the real MiniLM model gives A and C a low cosine.
- Every member of a cluster but the earliest has a recorded reason, stored in the
  ledger (SQLite and PostgreSQL, after real spaCy analysis of the multi-outlet
  fixture) and shown by ``trace`` (text and JSON, the JSON the web app serves).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claimledger.cli import main
from claimledger.ledger import ingest, link_ledger, open_store
from claimledger.linking import Observation, default_embedder, link, load_thresholds
from claimledger.linking.coherence import coherent_clusters

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi-outlet"
HARBOUR = ("The council approved the new harbour budget after a long and bitter debate "
           "among its members")
MOORING = ("Aberdeen fishermen protested outside the town hall demanding lower mooring fees "
           "for small boats")


def _obs(n: int, text: str, outlet: str) -> Observation:
    return Observation(id=f"obs{n}", article_id=f"art{n}", outlet=outlet,
                       published="2026-03-02", text=text, holder_name=None,
                       holder_kind=None, cited=None)


def test_a_chain_is_not_merged_whole() -> None:
    chain = [_obs(1, HARBOUR + ".", "Harbour Post"),
             _obs(2, f"{HARBOUR} and {MOORING[0].lower()}{MOORING[1:]}.", "Coast Daily"),
             _obs(3, MOORING + ".", "Valley Times")]
    embedder = default_embedder()
    vectors = np.asarray(embedder.embed([o.text for o in chain]), dtype=np.float32)
    assert float(vectors[0] @ vectors[2]) < 0.4  # A and C say different things
    limits = load_thresholds()
    result = link(chain, embedder=embedder, thresholds=limits)
    ids = result.clusters
    assert ids["obs1"] == ids["obs2"]  # the pair rule links A ~ B ...
    assert ids["obs3"] != ids["obs1"]  # ... and B ~ C, but C is far from {A, B}
    (member,) = result.member_links
    assert (member.uid, member.partner) == ("obs2", "obs1")
    assert member.reason.startswith("minhash jaccard ")
    # Without the coherence check (single link) the chain would be one cluster.
    loose = link(chain, embedder=embedder, thresholds=replace(limits, cluster_cosine=-1.0))
    assert len(set(loose.clusters.values())) == 1


def test_average_link_against_the_whole_cluster() -> None:
    """Unit vectors: 0 and 1 close, 1 and 2 close, 0 and 2 orthogonal; 3 close to all."""
    angle = np.deg2rad([0.0, 45.0, 90.0])
    rows = [[np.cos(a), np.sin(a), 0.0] for a in angle]
    vectors = np.asarray([*rows, [0.7, 0.7, 0.14]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    limits = replace(load_thresholds(), cluster_cosine=0.6)
    chain = coherent_clusters(vectors[:3], [(0, 1), (1, 2)], limits)
    assert chain == [[0, 1], [2]]
    # The order of the links never matters; a text close to the whole cluster joins it.
    assert coherent_clusters(vectors, [(3, 0), (2, 1), (1, 0), (3, 1)], limits) == [
        [0, 1, 3], [2]]


def test_link_reasons_are_stored_and_shown(store_url: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(store_url) as store:
        assert ingest([str(FIXTURE)], store, progress=False).failed == 0
        link_ledger(store)
        rows = store.query("SELECT r.uid, r.partner, r.reason, a.canonical_id AS ca, "
                           "b.canonical_id AS cb FROM link_reasons r JOIN claims a ON "
                           "a.uid = r.uid JOIN claims b ON b.uid = r.partner")
        multi = store.query("SELECT canonical_id, count(*) AS n FROM claims "
                            "GROUP BY canonical_id HAVING count(*) > 1")
    assert rows and all(r["ca"] == r["cb"] and r["reason"] for r in rows)
    # Every member but the earliest of every cluster has its reason.
    assert len(rows) == sum(int(m["n"]) - 1 for m in multi)
    cluster = max(multi, key=lambda m: int(m["n"]))["canonical_id"]
    assert main(["trace", cluster, "--db", store_url, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    shown = {k["uid"]: k["reason"] for k in document["links"]}
    stored = {r["uid"]: r["reason"] for r in rows if r["ca"] == cluster}
    assert shown == stored and shown
    assert sum(o["link"] is None for o in document["observations"]) == 1
    assert main(["trace", cluster, "--db", store_url]) == 0
    text = capsys.readouterr().out
    assert "why each member is in the claim" in text
    assert any(reason.split()[0] in text for reason in stored.values())
