"""Docs that cannot rot: every command has help text and docs/cli.md matches the parser."""

from __future__ import annotations

from pathlib import Path

from claimledger.cli import build_parser
from claimledger.cli._docs import help_texts, render, subcommands

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_has_help_text() -> None:
    parser = build_parser()
    helps = help_texts(parser)
    assert set(helps) == set(subcommands(parser))
    for name, text in helps.items():
        assert text.strip(), f"claimledger {name} has no help text"


def test_cli_reference_is_current() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/cli.md is stale: run `python -m claimledger.cli._docs > docs/cli.md`")


def test_readme_opens_with_the_setup_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any("make demo" in line for line in head)
    assert any("make test" in line for line in head)
