"""Same event, not same template: split a claim cluster into the events it reports.

Two observations with the same words can report two events: "The FTSE 100 fell 232.90
points on Friday" in an article of 8 March and in one of 15 March are two Fridays. The
pair rule reads texts only (identical texts are even linked once), so the dates are
checked here, per cluster, on the observations: a pure function every driver (in-memory
``link``, out-of-core ``link_external``, the Spark job; ``component.component_clusters``)
applies to a cluster before its edges, origins and contradictions.

Each observation gets an *event day* when its text anchors the claim in time relative to
its article's date: "yesterday" (the day before), "today"/"tonight"/"this morning" (that
day), a weekday ("on Friday": the latest such day on or before the article's date), or a
day of a month ("March 5", "5 March": in the article's year, or the year before when
that lies after the article). Two observations are compatible (can be about one event)
when

- either is undated (nothing to compare; undated articles never split a cluster), or
- both have event days and those are at most ``DAY_SLACK`` apart (time zones, late
  editions), or
- one has an event day and the other's article is dated from that day up to
  ``REPORT_WINDOW`` days later (a later report without a time word), or up to the day
  after the article that names the day ("announced Thursday" in Monday's paper and a
  report of Monday without a time word), or
- neither has one: a claim that states a number ("fell 232.90 points", "38 died") is an
  event report, compatible within ``NUMBER_WINDOW`` days of article dates; a claim
  without numbers or time words ("the minister denies the charges") is timeless and
  always compatible.

A cluster is split greedily in time order: each observation joins the first part whose
*anchor* (its earliest dated member) it is compatible with, else it starts a new part.
Comparing with the anchor only keeps the cost O(members x parts) and the result does not
depend on the input order (members are sorted by ``time_key`` first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from claimledger.linking.observation import Observation, time_key

DAY_SLACK = 1
REPORT_WINDOW = 3
NUMBER_WINDOW = 7

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_YESTERDAY_RE = re.compile(r"\byesterday\b|\blast night\b", re.IGNORECASE)
_TODAY_RE = re.compile(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b",
                       re.IGNORECASE)
_MONTH_DAY_RE = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH,
                           re.IGNORECASE)
# Quantities that do not make a claim an event report: "the 14th century", "in 2019".
TIMELESS_KINDS = frozenset({"ordinal", "date"})


@dataclass(frozen=True, slots=True)
class EventTime:
    """What an observation says about when its event happened."""

    published: date | None  # the article's day
    day: date | None  # the event day its text names, resolved against ``published``
    numeric: bool  # states a number (an event report even without a time word)


def article_day(published: str | None) -> date | None:
    """The day of an ISO date/time, or None when undated or unreadable."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_number(word: str) -> int:
    prefix = word.lower().rstrip(".")[:3]
    return next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(prefix))


def _month_day(published: date, month: int, day: int) -> date | None:
    for year in (published.year, published.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found <= published + timedelta(days=DAY_SLACK):
            return found
    return None


def event_day(text: str, published: date | None) -> date | None:
    """The day the text's time expression names, relative to the article's day."""
    if published is None:
        return None
    match = _MONTH_DAY_RE.search(text)
    if match:
        return _month_day(published, _month_number(match.group(1)), int(match.group(2)))
    match = _DAY_MONTH_RE.search(text)
    if match:
        return _month_day(published, _month_number(match.group(2)), int(match.group(1)))
    if _YESTERDAY_RE.search(text):
        return published - timedelta(days=1)
    if _TODAY_RE.search(text):
        return published
    match = _WEEKDAY_RE.search(text)
    if match:
        back = (published.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
        return published - timedelta(days=back)
    return None


def event_time(observation: Observation) -> EventTime:
    published = article_day(observation.published)
    numeric = any(q.kind not in TIMELESS_KINDS for q in observation.quantities)
    return EventTime(published, event_day(observation.text, published), numeric)


def compatible(a: EventTime, b: EventTime) -> bool:
    """Can two observations report one event? (rules in the module doc)"""
    if a.published is None or b.published is None:
        return True
    if a.day is not None and b.day is not None:
        return abs((a.day - b.day).days) <= DAY_SLACK
    if a.day is not None or b.day is not None:
        named, other = (a, b) if a.day is not None else (b, a)
        assert named.day is not None and other.published is not None
        assert named.published is not None
        lag = (other.published - named.day).days
        # A report without a time word is about the named day when it appeared from
        # that day up to REPORT_WINDOW days later, or no later than the article that
        # names the day: "announced Thursday" in Monday's paper and Monday's report
        # without a time word can be one event; a report before the day cannot.
        latest = max(REPORT_WINDOW, (named.published - named.day).days + DAY_SLACK)
        return -DAY_SLACK <= lag <= latest
    if a.numeric or b.numeric:
        return abs((a.published - b.published).days) <= NUMBER_WINDOW
    return True


def event_parts(members: Sequence[Observation]) -> list[list[Observation]]:
    """The cluster split into parts that can each be one event, each in ``time_key``
    order, parts in order of their earliest member. One part when nothing disagrees."""
    ordered = sorted(members, key=time_key)
    times = [event_time(obs) for obs in ordered]
    if all(t.published is None for t in times):
        return [ordered]
    parts: list[list[Observation]] = []
    anchors: list[EventTime | None] = []
    for obs, when in zip(ordered, times, strict=True):
        for index, anchor in enumerate(anchors):
            if anchor is None or compatible(anchor, when):
                parts[index].append(obs)
                if anchor is None and when.published is not None:
                    anchors[index] = when
                break
        else:
            parts.append([obs])
            anchors.append(when if when.published is not None else None)
    return parts
