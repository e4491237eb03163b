"""One entity pass (issue 12, item 7): the attribution and the entity layer take their
people from the same clusters, so a source and the entity for that person agree.

Real pipeline, real Wikinews articles from ../shared/corpus.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language

from claimledger.analysis import analysis_from_doc
from claimledger.claims import build_layers
from claimledger.model import Analysis, Document
from claimledger.resolution import entity_pass

PACKAGE = Path(__file__).resolve().parent.parent / "claimledger"
WIKINEWS = PACKAGE.parent.parent / "shared" / "corpus" / "wikinews"
# Entity modules: before the one pass, the attribution and the claims side each had
# their own honorific list and merging.
ENTITY_MODULES = ("attribution/entities.py", "claims/entities.py", "claims/entity_mentions.py")

# Articles where the two layers used to disagree on a person: a surname the tagger
# called a place ("Akerson", "Henderson") or an organisation ("Paulson") left out of
# the person's entity, a name spelt "Jean - Claude Trichet" by one layer only, a given
# name ("Steve") the entity layer kept apart, a person the entity layer typed as an
# organisation ("Mark Papermaster").
ARTICLES = ("1007169", "113330", "127248", "131162", "18315", "17174")


def _analysis(nlp: Language, name: str) -> Analysis:
    text = (WIKINEWS / f"{name}.txt").read_text(encoding="utf-8")
    return analysis_from_doc(Document(text=text), nlp(text))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def disagreements(analysis: Analysis) -> list[str]:
    """Named people whose name mentions are not exactly one person entity of that name.

    A source's mentions include its speaker spans ("Akerson, the chief executive"), so
    an entity counts when one of its mentions overlaps one of them and shares a word
    with the source's name.
    """
    found: list[str] = []
    for source in analysis.sources:
        if source.kind != "named_person" or source.members:
            continue
        spans = [(m.start, m.end) for m in source.mentions]
        hit = {entity.id: entity for entity in analysis.entities for m in entity.mentions
               if any(m.start < end and start < m.end for start, end in spans)
               and _words(source.name) & _words(m.text)}
        if len(hit) != 1:
            found.append(f"{source.name}: {sorted(e.name for e in hit.values())}")
            continue
        entity = next(iter(hit.values()))
        if entity.name != source.name or entity.kind != "person":
            found.append(f"{source.name}: {entity.name} ({entity.kind})")
    return found


@pytest.mark.parametrize("name", ARTICLES)
def test_a_source_and_the_entity_for_that_person_agree(nlp: Language, name: str) -> None:
    analysis = _analysis(nlp, name)
    people = [s for s in analysis.sources if s.kind == "named_person"]
    assert people, name  # the article has named people to compare
    assert disagreements(analysis) == []


def test_the_checker_finds_a_disagreement(nlp: Language) -> None:
    """The check above can fail: rename one entity and it reports the source."""
    analysis = _analysis(nlp, "1007169")
    source = next(s for s in analysis.sources if s.name == "Daniel Akerson")
    entity = next(e for e in analysis.entities if e.name == source.name)
    renamed = tuple(replace(e, name="Akerson") if e is entity else e
                    for e in analysis.entities)
    broken = replace(analysis, entities=renamed)
    assert disagreements(broken) == ["Daniel Akerson: Akerson (person)"]


def test_the_pass_runs_once_per_article(nlp: Language, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    calls: list[int] = []
    build = entity_pass.collect_entities

    def counted(doc: object, text: str | None = None) -> object:
        calls.append(1)
        return build(doc, text)  # type: ignore[arg-type]

    monkeypatch.setattr(entity_pass, "collect_entities", counted)
    text = (WIKINEWS / "113330.txt").read_text(encoding="utf-8")
    doc = nlp(text)  # the attribution component builds the pass
    layers = build_layers(doc, doc._.attributions, doc._.sources)
    assert layers.entities and calls == [1]
    assert "claimledger.entity_pass" not in doc.user_data  # dropped when the layers are built


def _defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    names |= {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
              for target in node.targets if isinstance(target, ast.Name)}
    return names


def _honorific_sets(path: Path) -> list[int]:
    """Lines of set literals holding both "mr" and "mrs" (an honorific list)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Set)
            and {"mr", "mrs"} <= {e.value for e in node.elts if isinstance(e, ast.Constant)}]


def test_one_honorific_list_and_one_union_find() -> None:
    for module in ENTITY_MODULES:
        path = PACKAGE / module
        assert _honorific_sets(path) == [], module
        assert not any("unionfind" in name.lower() or "honorific" in name.lower()
                       for name in _defined_names(path)), module
    assert _honorific_sets(PACKAGE / "resolution" / "gender.py")  # the one list
    assert "UnionFind" in _defined_names(PACKAGE / "resolution" / "entity_pass.py")
    # both layers read the pass: the attribution layer's records, the entity layer's people
    for module, name in (("attribution/pipeline.py", "article_entities"),
                         ("claims/entities.py", "people")):
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module == "claimledger.resolution.entity_pass"
                    for alias in node.names}
        assert name in imported, module
