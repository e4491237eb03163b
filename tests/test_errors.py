"""The one exception tree: every exception class of claimledger lives in ``errors``."""

from __future__ import annotations

import ast
import builtins
import inspect
from pathlib import Path

import claimledger
from claimledger import errors

PACKAGE = Path(claimledger.__file__).resolve().parent


def _exception_classes() -> dict[str, type[BaseException]]:
    return {name: value for name, value in vars(errors).items()
            if inspect.isclass(value) and issubclass(value, BaseException)
            and value.__module__ == errors.__name__}


def test_no_exception_class_outside_errors_module() -> None:
    """Any class deriving from an exception (ours or a builtin) is defined in errors.py."""
    ours = set(_exception_classes())
    builtin = {name for name, value in vars(builtins).items()
               if inspect.isclass(value) and issubclass(value, BaseException)}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                     for b in node.bases}
            if bases & (ours | builtin):
                found.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert found == []


def test_every_exception_is_in_the_tree_and_the_diagram() -> None:
    doc = errors.__doc__ or ""
    for name, cls in _exception_classes().items():
        assert issubclass(cls, errors.ClaimledgerError), name
        assert f" {name} " in doc, f"{name} is missing from the tree diagram"


def test_moved_exceptions_keep_their_old_import_paths_and_places() -> None:
    from claimledger.inputs.fetch import FetchError
    from claimledger.linking import LinkingError
    from claimledger.spark import SparkJobError

    assert FetchError is errors.FetchError and issubclass(FetchError, errors.InputError)
    assert LinkingError is errors.LinkingError
    assert SparkJobError is errors.SparkJobError
    assert issubclass(errors.RequestTooLarge, errors.ClaimledgerError)
