"""Publication dates in one sortable form (ISO 8601), whatever the page or metadata gave.

The ledger orders observations by ``articles.time`` as text, so every date must be ISO:
``YYYY-MM-DD`` for a date alone, ``YYYY-MM-DDTHH:MM:SS+HH:MM`` with a time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_NUMERIC = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def iso_date(value: str | None) -> str | None:
    """``value`` as ISO 8601, or None when it is not a date we can read.

    Accepts ISO forms (``Z`` included), RFC 2822 dates of feeds and e-mail ("Tue, 03 Mar
    2009 10:00:00 GMT") and numeric day-month-year dates ("03-02-2009"). Why day first
    when both readings are possible: of the two conventions it is the one used by most
    of the world's outlets, and a month-first date is recognised whenever its day is over
    12.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        if len(text) <= 10:
            return parsed.date().isoformat()
        return parsed.replace(microsecond=0).isoformat()
    try:
        return parsedate_to_datetime(text).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = _NUMERIC.match(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    return None
