"""Several outlets over several days, end to end (issue 10, item 4 and its measurement).

The articles of ``tests/fixtures/multi-day`` (written by the project; see its README) go
through the real pipeline: ``claimledger ingest`` (spaCy analysis), ``claimledger link``
(MiniLM embeddings, candidates, verifier, coherent clusters, event split, provenance),
into SQLite and PostgreSQL, and ``claimledger trace``. What must hold:

- a paraphrase of the same event from another outlet the next day links ("fell 212.40
  points on Friday" / "dragged ... down by 212.40 points yesterday");
- the same template a week later ("fell 187.65 points on Friday") does not, and is no
  contradiction; nor does weekly boilerplate without a number ("... through the week");
- a real numeric disagreement about one event (14 vs 19 passengers killed when one ferry
  capsized on one Sunday, told by a named and by an anonymous source) is one claim with
  one contradiction and two origins of the right kinds;
- an ordinal or a century never is one (a 14th- and a 12th-century abbey, one-third of
  its roof in both: one claim, no contradiction);
- ``trace`` shows for every linked member the signals that decided its link.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.cli import main
from claimledger.ledger import open_store
from claimledger.ledger.store import sql_access
from claimledger.linking.observation import canonical_id_for

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi-day"
Row = dict[str, Any]


def _ledger(url: str) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """Claims (with outlet and date), quantities, contradictions and origins."""
    with open_store(url) as store:
        query = sql_access(store).query
        claims = query("SELECT c.uid, c.text, c.canonical_id, c.article_id, a.outlet, "
                       "a.published FROM claims c JOIN articles a ON a.id = c.article_id")
        amounts = query("SELECT article_id, text, value, unit, kind FROM quantities")
        contradictions = query("SELECT a, b, reason FROM link_contradictions")
        origins = query("SELECT canonical_id, name, kind, anonymous FROM link_origins")
    return ([dict(r) for r in claims], [dict(r) for r in amounts],
            [dict(r) for r in contradictions], [dict(r) for r in origins])


def _one(claims: list[Row], phrase: str) -> Row:
    (found,) = [c for c in claims if phrase in c["text"]]
    return found


def _origins(origins: list[Row], canonical_id: str) -> set[tuple[str, str, bool]]:
    return {(o["name"], o["kind"], bool(o["anonymous"])) for o in origins
            if o["canonical_id"] == canonical_id}


def _trace(url: str, canonical_id: str, capsys: pytest.CaptureFixture[str]) -> Any:
    assert main(["trace", canonical_id, "--db", url, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_several_outlets_over_several_days(store_url: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(FIXTURE), "--db", store_url, "--no-link", "-q"]) == 0
    assert main(["link", "--db", store_url, "-q"]) == 0
    capsys.readouterr()
    claims, amounts, contradictions, origins = _ledger(store_url)
    assert len({c["outlet"] for c in claims}) == 4
    assert len({str(c["published"])[:10] for c in claims}) == 7

    # A paraphrase of Friday's fall, in another outlet on Saturday ("yesterday"), links;
    # the cluster's id is that of its earliest member.
    friday = _one(claims, "fell 212.40 points on Friday")
    saturday = _one(claims, "down by 212.40 points yesterday")
    assert friday["outlet"] != saturday["outlet"]
    assert friday["canonical_id"] == saturday["canonical_id"] == canonical_id_for(
        friday["uid"])
    assert _origins(origins, friday["canonical_id"]) == {
        ("Harbour Gazette", "own_reporting", False), ("Lowland Herald", "own_reporting", False)}

    # The same template a week later is another claim (its own id), and no contradiction.
    week_later = _one(claims, "fell 187.65 points on Friday")
    assert week_later["canonical_id"] == canonical_id_for(week_later["uid"])
    assert week_later["canonical_id"] != friday["canonical_id"]
    boilerplate = [c for c in claims if "export orders had weakened" in c["text"]]
    assert len(boilerplate) == 2 and boilerplate[0]["text"] == boilerplate[1]["text"]
    assert boilerplate[0]["canonical_id"] != boilerplate[1]["canonical_id"]

    # One ferry, one Sunday ("on Sunday" / "yesterday" in Monday's paper), 14 vs 19
    # killed: one claim, and the ledger's only contradiction.
    named = _one(claims, "14 passengers were killed")
    unnamed = _one(claims, "Nineteen passengers were killed")
    ferry = named["canonical_id"]
    assert unnamed["canonical_id"] == ferry == canonical_id_for(named["uid"])
    assert [(c["a"], c["b"]) for c in contradictions] == [(named["uid"], unnamed["uid"])]
    assert all(word in contradictions[0]["reason"] for word in ("14", "19", "passenger"))
    assert _origins(origins, ferry) == {("Lorn Coastguard", "named_organization", False),
                                        ("Northern Signal", "anonymous", True)}

    # An ordinal or a century never contradicts: the two abbey reports are one claim with
    # different centuries (and ordinals beside a fraction) and no contradiction.
    older = _one(claims, "14th-century abbey")
    newer = _one(claims, "built in the 12th century")
    assert older["canonical_id"] == newer["canonical_id"]
    kinds = {(q["article_id"], q["kind"], float(q["value"])) for q in amounts
             if q["article_id"] in (older["article_id"], newer["article_id"])}
    assert {(older["article_id"], "ordinal", 14.0),
            (newer["article_id"], "ordinal", 12.0)} <= kinds
    assert {k for _, k, _ in kinds} >= {"fraction", "ordinal"}

    # trace shows, for each member but the earliest, the member it links to and why.
    document = _trace(store_url, ferry, capsys)
    assert document["independent_origins"] == 2 and document["anonymous_origins"] == 1
    assert len(document["contradictions"]) == 1
    (link,) = document["links"]
    assert link["uid"] == unnamed["uid"] and link["partner"] == named["uid"]
    assert link["reason"].startswith("verifier: cosine ")
    document = _trace(store_url, friday["canonical_id"], capsys)
    assert [(k["uid"], k["partner"]) for k in document["links"]] == [
        (saturday["uid"], friday["uid"])]
    assert document["links"][0]["reason"]
    assert document["contradictions"] == []
    assert main(["trace", ferry, "--db", store_url]) == 0
    text = capsys.readouterr().out
    assert "links (why each member is in the claim)" in text
    words = " ".join(w for w in text.split() if w not in {"│", "├──", "└──"})
    assert link["reason"] in words
