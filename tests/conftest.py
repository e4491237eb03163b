"""Shared fixtures: the real spaCy pipeline (loaded once) and the real corpora in ../shared."""

from __future__ import annotations

from pathlib import Path

# Imported before any test runs: when hypothesis is first imported late (by its pytest
# plugin's terminal summary), trio's entry point registers a PRNG and the resulting
# HypothesisWarning is raised as an error under ``filterwarnings = error``.
import hypothesis  # noqa: F401
import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold" / "wikinews-attribution.jsonl"
SEED = CORPUS / "seed" / "geran-production-report.txt"
WIKINEWS = CORPUS / "wikinews"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from claimledger.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
