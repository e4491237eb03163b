"""The one data model: every record of an analysis lives in ``claimledger.model``, the
``Analysis`` is fully typed, and the JSON contract is produced from the records alone."""

from __future__ import annotations

import ast
import dataclasses
import json
import textwrap
from pathlib import Path

import pytest
from conftest import SEED
from spacy.language import Language

import claimledger
from claimledger import model
from claimledger.schema import validation_errors

PACKAGE = Path(claimledger.__file__).resolve().parent
MODEL_DIR = PACKAGE / "model"


def test_model_exports_every_record_it_defines() -> None:
    defined = {
        node.name
        for path in MODEL_DIR.glob("*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    assert defined <= set(model.__all__)
    for name in model.__all__:
        assert hasattr(model, name), name
    records = [getattr(model, n) for n in model.__all__ if dataclasses.is_dataclass(
        getattr(model, n))]
    assert {r.__name__ for r in records} >= {
        "Span", "Document", "Source", "Attribution", "Claim", "Hedge", "Support", "Flag",
        "Notable", "Profile", "Quantity", "Entity", "Analysis"}
    for record in records:
        params = record.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, f"{record.__name__} must be frozen"


def test_no_record_is_defined_twice() -> None:
    """A record of the model is defined in ``model/`` only; the old modules re-export."""
    names = {n for n in model.__all__ if isinstance(getattr(model, n), type)}
    elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        if MODEL_DIR in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name in names:
                elsewhere.append(f"{path.relative_to(PACKAGE)}:{node.name}")
    assert elsewhere == []
    from claimledger.claims import records
    from claimledger.claims.entities import Entity
    from claimledger.claims.quantities import Quantity

    assert records.Claim is model.Claim and records.Profile is model.Profile
    assert Entity is model.Entity and Quantity is model.Quantity


def test_analysis_fields_are_records(nlp: Language) -> None:
    result = claimledger.analyze(SEED.read_text(encoding="utf-8"))
    text = result.document.text
    assert result.claims and result.quantities and result.entities
    claim = result.claims[0]
    assert isinstance(claim, model.Claim)
    assert text[claim.span.start:claim.span.end] == claim.span.text
    assert all(isinstance(q, model.Quantity) for q in result.quantities)
    assert all(isinstance(e, model.Entity) for e in result.entities)
    assert all(isinstance(f, model.Flag) for f in result.flags)
    assert isinstance(result.profile, model.Profile)
    assert result.profile.claims == len(result.claims)
    data = result.to_dict()
    assert validation_errors(data) == []
    assert data["claims"][0] == claim.to_dict()


def test_records_pickle_unchanged(nlp: Language) -> None:
    """Workers send records, not dicts, to the parent: they must survive pickling."""
    import pickle

    result = claimledger.analyze(SEED.read_text(encoding="utf-8"))
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())


def test_analysis_type_checks_strictly(tmp_path: Path) -> None:
    """``analysis.claims[0].span`` and friends type-check under ``mypy --strict``; a
    misuse of a record is reported (so the check can fail)."""
    mypy_api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent("""
        from claimledger import analyze

        result = analyze("text")
        start: int = result.claims[0].span.start
        value: float | None = result.quantities[0].value
        aliases: tuple[str, ...] = result.entities[0].aliases
        category: str = result.flags[0].category
        hedged: int = result.profile.hedged_claims if result.profile else 0
    """), encoding="utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent("""
        from claimledger import analyze

        result = analyze("text")
        start: str = result.claims[0].span.start
        missing = result.claims[0].no_such_field
    """), encoding="utf-8")
    cache = PACKAGE.parent / ".mypy_cache"
    args = ["--strict", "--cache-dir", str(cache), "--no-error-summary"]
    out, err, status = mypy_api.run([*args, str(good)])
    assert status == 0, out + err
    out, _, status = mypy_api.run([*args, str(bad)])
    assert status == 1
    assert "bad.py:5" in out and "bad.py:6" in out, out
