"""Same event, not same template: split a claim cluster into the events it reports.

Two observations with the same words can report two events: "The FTSE 100 fell 232.90
points on Friday" in an article of 8 March and in one of 15 March are two Fridays. The
pair rule reads texts only (identical texts are even linked once), so the dates are
checked here, per cluster, on the observations: a pure function every driver (in-memory
``link``, out-of-core ``link_external``, the Spark job; ``component.component_clusters``)
applies to a cluster before its edges, origins and contradictions.

Each observation gets an *event window* (first..last day) when its text anchors the claim
in time relative to its article's date. One day: "yesterday" (the day before),
"today"/"tonight"/"this morning" (that day), a weekday ("on Friday": the latest such day
on or before the article's date; "last Friday" one before the article's day), or a day
of a month ("March 5", "5 March": in the article's year, or the year before when that
lies after the article). Several days, when no day is named: "this week" (its Monday up
to the article's day), "last week" (the Monday to Sunday before), "the past week" (the
seven days before), "this month", "last month". Why windows: boilerplate such as
"dealers said export orders weakened this week" recurs in a weekly report with no number
and no day, and two weeks' reports are two claims. Two observations are compatible (can
be about one event) when

- either is undated (nothing to compare; undated articles never split a cluster), or
- both have event windows that overlap, or both name one day and those are at most
  ``DAY_SLACK`` apart (time zones, late editions), or
- one has an event window and the other's article is dated from ``DAY_SLACK`` days
  before it up to ``REPORT_WINDOW`` days after its end (a later report without a time
  word), or up to the day after the article that names the day ("announced Thursday" in
  Monday's paper and a report of Monday without a time word), or
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
_LAST_WEEKDAY_RE = re.compile(r"\blast\s+(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_THIS_WEEK_RE = re.compile(r"\bthis week\b|\b(?:through|during|over|across) the week\b",
                           re.IGNORECASE)
_LAST_WEEK_RE = re.compile(r"\blast week\b", re.IGNORECASE)
_PAST_WEEK_RE = re.compile(r"\bpast (?:week|seven days)\b|\blast seven days\b", re.IGNORECASE)
_THIS_MONTH_RE = re.compile(r"\bthis month\b", re.IGNORECASE)
_LAST_MONTH_RE = re.compile(r"\blast month\b", re.IGNORECASE)
_MONTH_DAY_RE = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH,
                           re.IGNORECASE)
# Quantities that do not make a claim an event report: "the 14th century", "in 2019".
TIMELESS_KINDS = frozenset({"ordinal", "date"})


@dataclass(frozen=True, slots=True)
class EventTime:
    """What an observation says about when its event happened."""

    published: date | None  # the article's day
    first: date | None  # the event window its text names, resolved against ``published``
    last: date | None  # (both None when it names none; equal for one day)
    numeric: bool  # states a number (an event report even without a time word)

    @property
    def day(self) -> date | None:
        """The event day when the text names one day, else None."""
        return self.first if self.first == self.last else None


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
        if back == 0 and _LAST_WEEKDAY_RE.search(text):
            back = 7  # "last Friday" in a Friday's paper is a week back
        return published - timedelta(days=back)
    return None


def event_window(text: str, published: date | None) -> tuple[date, date] | None:
    """The first and last day the text's time expression allows: one day when it names
    a day (``event_day``), else a week or a month it names, else None."""
    day = event_day(text, published)
    if day is not None or published is None:
        return None if day is None else (day, day)
    monday = published - timedelta(days=published.weekday())
    if _PAST_WEEK_RE.search(text):
        return (published - timedelta(days=7), published)
    if _LAST_WEEK_RE.search(text):
        return (monday - timedelta(days=7), monday - timedelta(days=1))
    if _THIS_WEEK_RE.search(text):
        return (monday, published)
    first_of_month = published.replace(day=1)
    if _LAST_MONTH_RE.search(text):
        end = first_of_month - timedelta(days=1)
        return (end.replace(day=1), end)
    if _THIS_MONTH_RE.search(text):
        return (first_of_month, published)
    return None


def event_time(observation: Observation) -> EventTime:
    published = article_day(observation.published)
    numeric = any(q.kind not in TIMELESS_KINDS for q in observation.quantities)
    window = event_window(observation.text, published)
    first, last = window if window is not None else (None, None)
    return EventTime(published, first, last, numeric)


def compatible(a: EventTime, b: EventTime) -> bool:
    """Can two observations report one event? (rules in the module doc)"""
    if a.published is None or b.published is None:
        return True
    if a.first is not None and a.last is not None and b.first is not None and \
            b.last is not None:
        gap = (max(a.first, b.first) - min(a.last, b.last)).days
        # The slack is for one named day (time zones); weeks and months are calendar
        # windows, and the week after ends where the week before began.
        return gap <= (DAY_SLACK if a.day is not None and b.day is not None else 0)
    if a.first is not None or b.first is not None:
        named, other = (a, b) if a.first is not None else (b, a)
        assert named.first is not None and named.last is not None
        assert other.published is not None and named.published is not None
        # A report without a time word is about the named window when it appeared from
        # just before it up to REPORT_WINDOW days after its end, or no later than the day
        # after the article that names it: "announced Thursday" in Monday's paper and
        # Monday's report without a time word can be one event.
        latest = max(named.last + timedelta(days=REPORT_WINDOW),
                     named.published + timedelta(days=DAY_SLACK))
        return named.first - timedelta(days=DAY_SLACK) <= other.published <= latest
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
