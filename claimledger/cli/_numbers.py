"""argparse types for counts and sizes: a negative or zero value is a usage error (exit 2)
naming the option's value, never silently "unlimited" or "refuse everything"."""

from __future__ import annotations

import argparse


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
