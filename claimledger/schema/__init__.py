"""The JSON Schema of the analysis contract, and a validator that also checks spans."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


@cache
def analysis_schema() -> dict[str, Any]:
    text = resources.files(__name__).joinpath("analysis.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validation_errors(analysis: Mapping[str, Any]) -> list[str]:
    """Every way ``analysis`` breaks the contract: schema errors, then span errors.

    The schema cannot say that a span's text equals ``document.text[start:end]`` or that
    an attribution names an existing source, so those are checked here.
    """
    validator = jsonschema.Draft202012Validator(analysis_schema())
    errors = [f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}"
              for e in validator.iter_errors(analysis)]
    if errors:
        return errors
    text = analysis["document"]["text"]
    for where, span in _spans(analysis):
        if not 0 <= span["start"] <= span["end"] <= len(text):
            errors.append(f"{where}: offsets {span['start']}-{span['end']} out of range")
        elif text[span["start"]:span["end"]] != span["text"]:
            errors.append(f"{where}: text does not match document.text[start:end]")
    source_ids = {s["id"] for s in analysis["sources"]}
    for attribution in analysis["attributions"]:
        if attribution["source"] is not None and attribution["source"] not in source_ids:
            errors.append(
                f"attribution {attribution['id']}: unknown source {attribution['source']}")
    return errors


def _spans(node: Any, where: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every ``{start, end, text}`` object below ``node`` except ``document``."""
    if isinstance(node, Mapping):
        if set(node) == {"start", "end", "text"}:
            yield where, node
            return
        for key, value in node.items():
            if where == "" and key == "document":
                continue
            yield from _spans(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _spans(value, f"{where}/{index}")
