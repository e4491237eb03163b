"""argparse types that refuse bad values as usage errors (exit 2) before any work: a
negative or zero count is never silently "unlimited" or "refuse everything"."""

from __future__ import annotations

import argparse


def port(text: str) -> int:
    """A TCP port, 1-65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port; use 1-65535")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1 (a row limit, a size in bytes)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; give a whole number of "
                                         "at least 1")
    return value
