"""No module of claimledger imports another module's private names (issue 10, item 1).

A leading underscore marks what a module keeps to itself; a driver that reached into
another module's private function (``spark`` did, into ``linking``) would silently
depend on details free to change. Checked on the source with ``ast``, so every module
counts, including those imported lazily inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "claimledger"


def private_imports(source: str) -> list[str]:
    """``module.name`` for every ``from claimledger... import _name`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimledger"):
            found += [f"{node.module}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
    return found


def test_the_scanner_finds_a_private_import() -> None:
    assert private_imports("from claimledger.linking.ann import _helper, public\n"
                           "def f():\n    from claimledger.x import _y\n") == [
        "claimledger.linking.ann._helper", "claimledger.x._y"]
    assert private_imports("from claimledger import __version__\nimport _thread\n") == []


def test_no_module_imports_another_modules_private_names() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 50
    offenders = {str(path.relative_to(PACKAGE.parent)): found for path in modules
                 if (found := private_imports(path.read_text(encoding="utf-8")))}
    assert offenders == {}


def test_the_linking_steps_are_shared_by_the_three_drivers() -> None:
    """``pipeline`` (in memory), ``external`` (out of core) and ``spark.stories`` each
    take the story pass's decisions from ``steps.pairs_in_story``."""
    for driver in ("linking/pipeline.py", "linking/external.py", "spark/stories.py"):
        source = (PACKAGE / driver).read_text(encoding="utf-8")
        names = {alias.name for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.ImportFrom) and node.module == "claimledger.linking.steps"
                 for alias in node.names}
        assert "pairs_in_story" in names, driver
