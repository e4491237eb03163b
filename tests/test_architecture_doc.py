"""docs/architecture.md matches the code tree: every module it names exists, and every
package and top-level module of claimledger is named in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "claimledger"


def test_every_named_path_exists() -> None:
    named = set(re.findall(r"`(claimledger/[\w/.]+)`", DOC))
    assert len(named) >= 15
    missing = [n for n in named if not (ROOT / n.rstrip("/")).exists()]
    assert missing == []


def test_every_package_and_layer_module_is_named() -> None:
    packages = {p.name for p in PACKAGE.iterdir()
                if p.is_dir() and (p / "__init__.py").exists()}
    for name in packages:
        assert f"claimledger/{name}/" in DOC, name
    for module in ("analysis", "language", "pieces", "nlp", "errors", "version"):
        assert f"claimledger/{module}.py" in DOC, module
    dotted = set(re.findall(r"`(?:claimledger\.)?((?:inputs|ledger|linking|spark|render|"
                            r"claims|language|analysis|pieces|nlp)\.\w+)", DOC))
    for name in dotted:
        package, _, attr = name.partition(".")
        module = PACKAGE / package / f"{attr}.py"
        owner = PACKAGE / package / "__init__.py"
        single = PACKAGE / f"{package}.py"
        text = "".join(p.read_text(encoding="utf-8") for p in (owner, single) if p.exists())
        assert module.exists() or f"def {attr}" in text or f"{attr} =" in text \
            or f"import {attr}" in text or f" {attr}," in text, name
