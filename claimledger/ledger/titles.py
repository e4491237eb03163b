"""What an article is called on screen when its metadata is thin.

A local file path says where our copy lies, not what the article is, so it is never a
title: the stored title, else the text's first line when it reads like a heading, else
the URL, else "Untitled article".
"""

from __future__ import annotations

import re

UNTITLED = "Untitled article"
_HEADING_MAX = 120  # characters: a longer first line is a paragraph, not a heading
# A first line that is only a date ("January 09, 2008", "2008-01-09") is a dateline.
_DATELINE = re.compile(r"^(?:\w+,? )?(?:\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|"
                       r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?)$")


def heading_of(text: str | None) -> str | None:
    """The text's first non-empty line when it looks like a heading: short, not a
    dateline and not a sentence (headings do not end with a full stop)."""
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) > _HEADING_MAX or line.endswith((".", ":", ";", ",")) \
                or _DATELINE.match(line):
            return None
        return line
    return None


def display_title(title: str | None, url: str | None, text: str | None = None) -> str:
    """The name to show for an article (see the module docstring); never a path."""
    return (title or "").strip() or heading_of(text) or (url or "").strip() or UNTITLED
