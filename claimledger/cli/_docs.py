"""The CLI reference (docs/cli.md) generated from the parser itself, so it cannot rot.

``python -m claimledger.cli._docs > docs/cli.md`` regenerates it; a test fails when the
committed file differs from what the parser says.
"""

from __future__ import annotations

import argparse
import os

WIDTH = "100"


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(sorted(action.choices.items()))
    return {}


def help_texts(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Each subcommand's one-line help, as listed by ``claimledger --help``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help or "" for choice in action._choices_actions}
    return {}


def render() -> str:
    from claimledger.cli import build_parser

    os.environ["COLUMNS"] = WIDTH  # argparse wraps to the terminal width
    parser = build_parser()
    parser.prog = "claimledger"
    lines = ["# Command-line reference", "",
             "Generated from the parser by `python -m claimledger.cli._docs > docs/cli.md`;",
             "a test keeps it in step with the code.", "", "```text", parser.format_help().rstrip(),
             "```", ""]
    for name, sub in subcommands(parser).items():
        lines += [f"## `claimledger {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
