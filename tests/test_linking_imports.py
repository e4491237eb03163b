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


def imported_from(path: str, module: str) -> set[str]:
    """Names ``path`` (under ``claimledger/``) imports from ``module``, lazily or not."""
    source = (PACKAGE / path).read_text(encoding="utf-8")
    return {alias.name for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names}


def test_the_linking_steps_are_shared_by_the_three_drivers() -> None:
    """In memory (``pipeline``, ``story_pass``), out of core (``external``) and on Spark
    (``spark.job_link``, ``spark.link_tasks``, ``spark.stories``) the same step
    functions take the decisions: the pair rule, the story pass per story and
    everything per component."""
    drivers = {"in memory": ("linking/pipeline.py", "linking/story_pass.py"),
               "out of core": ("linking/external.py",),
               "spark": ("spark/job_link.py", "spark/link_tasks.py", "spark/stories.py")}
    for name, paths in drivers.items():
        used = {(module, n) for path in paths for module in (
            "claimledger.linking.decisions", "claimledger.linking.steps",
            "claimledger.linking.component") for n in imported_from(path, module)}
        assert {("claimledger.linking.decisions", "decide_batch"),
                ("claimledger.linking.steps", "story_text_pairs"),
                ("claimledger.linking.component", "component_clusters")} <= used, name


def test_the_drivers_stay_thin() -> None:
    """The drivers only move data to the steps (issue 10, item 1: each under ~150 lines);
    a driver growing past that is taking decisions that belong in a step."""
    for driver in ("linking/pipeline.py", "linking/external.py", "spark/job_link.py",
                   "spark/stories.py"):
        lines = (PACKAGE / driver).read_text(encoding="utf-8").count("\n")
        assert lines <= 150, (driver, lines)
