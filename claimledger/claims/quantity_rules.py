"""The scanner behind ``extract_quantities``: one candidate at a time, widened by rules.

Each match of ``quantity_lexicon.core_pattern`` is handed to the handler of its group
(date, time, "24/7", vague amount, "-fold", "doubled", ordinal, digits, number words).
A handler either rejects the candidate (identifiers, idioms), or builds a ``Draft`` and
widens it: currency and "about" on the left, scale words, a range partner, a unit and a
"per year" on the right. Candidates never overlap: the scanner skips matches that start
inside the previous one.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Doc

from claimledger.claims import quantity_lexicon as lex
from claimledger.claims.docview import view_of
from claimledger.claims.numbers import (
    MULTIPLIER_VERBS,
    UNIT_WORDS,
    parse_number,
    parse_ordinal,
)
from claimledger.claims.quantity_context import (
    QUOTES,
    Draft,
    TokenContext,
    normalise,
    share_units,
)

# The largest number of a tally (basketball scores reach the 150s; House votes are larger
# but rare next to the model numbers this keeps out).
MAX_TALLY = 200
_SECOND_END = re.compile(r"\s*(?:to|-|–|—)\s*(?P<number>\d+(?:\.\d+)?)(?![\w.,])",
                         re.IGNORECASE)
_COMPOUND = re.compile(r"-(?P<noun>[A-Za-z]{3,})\b(?![-’'])")
# Words that make "from A to B" a spread of values, not a change ("ranges from $150 to
# $200", "a range from 5,600 to 8,870", "prices from $6 to $12").
_SPREAD_BEFORE_FROM = re.compile(
    r"\b(?:range[sd]?|ranging|anywhere|var(?:y|ies|ied|ying)|spann?(?:s|ed|ing)?|cost(?:s|ing)?"
    r"|priced?|prices|sizes?|lengths?|seating|seats?)\b[^.;]{0,20}$", re.IGNORECASE)
_WORD_PAIR = re.compile(r"([a-z]+)-([a-z]+)")
_MIXED = re.compile(r"(?:(?P<whole>\d+)[ -])?(?P<num>\d+)/(?P<den>\d+)")
_FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64})
# Units of one compound duration ("4 minutes and 15 seconds", "2 years and 3 months"):
# how many of the family's smallest unit each holds. Days and months are not mixed, as
# a month has no fixed number of days.
_CLOCK_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}
_CALENDAR_UNITS = {"months": 1, "years": 12}
_DURATION_JOINT = re.compile(r",?\s+and\s+|,\s+|\s+")
_ONE_OF = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|my|these|those|your|only)\b",
                     re.IGNORECASE)
_YEAR_IN = re.compile(rf"\b{lex.YEAR}\b")
_PREVIOUS_WORD = re.compile(r"(\S+)\s*$")


class Scanner:
    """Finds the quantities of one parsed document (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.context = TokenContext(doc)
        self.text = self.context.text
        self.tokens = self.context.tokens
        self.last_end = 0
        # The approximator reading ("about", "min", "max") of the candidate being built.
        self._reading = ""

    def scan(self) -> list[Draft]:
        drafts: list[Draft] = []
        view = view_of(self.doc)
        for match in lex.core_matches(self.text, view.lower, view.starts,
                                       view.positions_by_lower()):
            if match.start() < self.last_end:
                continue
            group = match.lastgroup or ""
            if group == "suffix":
                group = "digits"
            draft = getattr(self, f"_{group}")(match)
            if draft is not None and (
                draft.kind in ("date", "score") or {draft.value, draft.low, draft.high} != {None}
            ):
                drafts.append(draft)
                self.last_end = max(self.last_end, draft.end)
        return share_units(self.text, self._compound_durations(drafts))

    def _compound_durations(self, drafts: list[Draft]) -> list[Draft]:
        """"4 minutes and 15 seconds" is one duration, 255 seconds: a duration followed,
        after "and" or a comma, by a duration of a smaller unit of the same family
        becomes one quantity in the smaller unit (the conventions, section 3)."""
        merged: list[Draft] = []
        for draft in drafts:
            previous = merged[-1] if merged else None
            if previous is not None and self._continues_duration(previous, draft):
                family = (_CLOCK_UNITS if previous.unit in _CLOCK_UNITS
                          else _CALENDAR_UNITS)
                assert previous.value is not None and draft.value is not None
                assert previous.unit is not None and draft.unit is not None
                previous.value = (previous.value * family[previous.unit] / family[draft.unit]
                                  + draft.value)
                previous.unit, previous.end = draft.unit, draft.end
                previous.change = previous.change or draft.change
                continue
            merged.append(draft)
        return merged

    def _continues_duration(self, first: Draft, second: Draft) -> bool:
        if not (first.kind == second.kind == "duration" and first.value is not None
                and second.value is not None and first.unit and second.unit):
            return False
        family = next((f for f in (_CLOCK_UNITS, _CALENDAR_UNITS) if first.unit in f), None)
        return (family is not None and second.unit in family
                and family[first.unit] > family[second.unit]
                and _DURATION_JOINT.fullmatch(self.text, first.end, second.start) is not None)

    # -- handlers, one per group of the core pattern --------------------------------

    def _date(self, match: re.Match[str]) -> Draft | None:
        year = _YEAR_IN.search(match.group())
        return Draft(match.start(), match.end(), kind="date",
                     value=float(year.group()) if year else None)

    def _time(self, match: re.Match[str]) -> Draft | None:
        return Draft(match.start(), match.end(), kind="date")

    def _round(self, match: re.Match[str]) -> Draft | None:
        # "24/7": round the clock, 24 hours a day on 7 days a week.
        return Draft(match.start(), match.end(), kind="rate", value=168.0,
                     unit="hours per week")

    def _vague(self, match: re.Match[str]) -> Draft | None:
        words = normalise(match.group()).replace(" of ", " ").split(" ")
        amounts = lex.vague_amounts()
        head = " ".join(words[:2]) if " ".join(words[:2]) in amounts else words[0]
        if head not in amounts:
            return None
        low, high = amounts[head].low, amounts[head].high
        # "hundreds of thousands" is 200,000-999,999: a plural scale word means "fewer
        # than the next power", so its top is the next scale's first number less one;
        # "several thousand" is 3,000-9,000 (the provenance rule).
        plural = head.endswith("s") and head != "several"
        for word in words[len(head.split(" ")):]:
            scale = lex.scales().get(word.rstrip("s"), 1.0)
            low, high = low * scale, ((high + 1) * scale - 1 if plural else high * scale)
        draft = Draft(match.start(), match.end(), approximate=True)
        if low == high:
            draft.value = low
        else:
            draft.low, draft.high = low, high
        return self._widen_right(draft, after_of=True)

    def _fold(self, match: re.Match[str]) -> Draft | None:
        number = parse_number(re.sub(r"-?fold$", "", match.group(), flags=re.IGNORECASE))
        if number is None:
            return None
        draft = Draft(match.start(), match.end(), kind="multiplier", value=number)
        draft.change = self.context.change(draft)
        return draft

    def _fraction(self, match: re.Match[str]) -> Draft | None:
        """"a third of", "two-thirds", "three quarters": a share of a whole (kind
        ``fraction``, value in (0, 1]); with a unit after it, an amount of that unit
        ("a half century" is 0.5 centuries, "a quarter cup" 0.25 cups)."""
        words = re.split(r"[\s-]+", match.group().lower())
        numerator = 1.0 if words[0] in ("a", "an") else parse_number(words[0])
        denominator = lex.DENOMINATORS.get(words[-1].removesuffix("s")
                                           if words[-1] != "halves" else "half")
        if numerator is None or denominator is None or numerator > denominator:
            return None
        if re.search(r"\band\s+$", self.text[max(0, match.start() - 6):match.start()]):
            return None  # "a cup and a half": the half belongs to the amount before it
        draft = Draft(match.start(), match.end(), value=numerator / denominator)
        self._widen_left(draft)
        article = re.match(r"\s+an?(?=\s)", self.text[draft.end:])
        if article:  # "a half an inch"
            end = draft.end
            draft.end += article.end()
            self._unit(draft, after_of=False)
            if draft.unit is None:
                draft.end = end
        else:
            self._unit(draft, after_of=False)
        if draft.kind == "count" and draft.unit is None:
            draft.kind = "fraction"
            draft.approximate = draft.approximate or bool(self._reading)
            self._reading = ""
            draft.change = self.context.change(draft)
        return draft

    def _ratio(self, draft: Draft) -> bool:
        """"one in four", "eight out of ten": the draft becomes that fraction."""
        tail = lex.RATIO_TAIL.match(self.text, draft.end)
        if tail is None or draft.value is None:
            return False
        written = tail.group("den") or tail.group("den_of")
        denominator = parse_number(written)
        if not denominator or denominator <= draft.value or lex.YEAR_ONLY.match(written):
            return False
        draft.kind, draft.value, draft.end = "fraction", draft.value / denominator, tail.end()
        return True

    def _mverb(self, match: re.Match[str]) -> Draft | None:
        word = match.group().lower()
        token = self.tokens.at(match.start())
        comparison = re.match(r"\s+(?:as|the|that|what)\b", self.text[match.end():])
        value = {"twice": 2.0, "half": 0.5}.get(word) or MULTIPLIER_VERBS.get(word, 2.0)
        if comparison:  # "twice as fast", "half the price", "double the speed"
            return Draft(match.start(), match.end(), kind="multiplier", value=value)
        if word == "twice":  # "has twice sued": a count of occasions
            return Draft(match.start(), match.end(), value=2.0, unit="times")
        if word == "half" and self._half_is_fraction(match):
            draft = Draft(match.start(), match.end(), kind="fraction", value=0.5)
            if self._widen_left(draft) or draft.kind != "fraction":
                return None
            self._reading = ""
            draft.change = self.context.change(draft)
            return draft
        following = self.tokens.after(match.end())
        if word in {"double", "triple"} and following is not None \
                and self.text[match.end():match.end() + 1] == " " \
                and following.pos_ == "NOUN" and self.context.change_word(following):
            # "a double increase of the sales"
            return Draft(match.start(), match.end(), kind="multiplier", value=value,
                         change=self.context.change_word(following))
        if word == "half" or token is None or not token.tag_.startswith("VB"):
            return None  # "double-digit", "a triple", "half of" are not changes
        return Draft(match.start(), match.end(), kind="multiplier", value=value,
                     change="decrease" if value < 1 else "increase")

    def _half_is_fraction(self, match: re.Match[str]) -> bool:
        """"about half of the cars", "more than half said": a share. Not "the first
        half", "half-time", "half an hour" (a duration), "half a million" (a number)."""
        before = self.text[max(0, match.start() - 12):match.start()].lower().split()
        after = self.text[match.end():match.end() + 14].lower()
        if before and before[-1] in ("first", "second", "top", "bottom", "the", "and", "a",
                                     "other", "back", "front", "lower", "upper", "latter"):
            return False
        return not (after.startswith("-") or re.match(r"\s+(?:a|an)\s", after))

    def _ordinal(self, match: re.Match[str]) -> Draft | None:
        before = self.text[max(0, match.start() - 8):match.start()].lower()
        phrase = normalise(self.text[match.start():match.end() + 8])
        if any(phrase.startswith(idiom) for idiom in lex.ORDINAL_IDIOMS):
            return None
        following = self.tokens.after(match.end())
        previous = self.tokens.before(match.start())
        ranks = (following is not None and (following.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}
                                            or following.lower_ in {"of", "-"}))
        if not ranks and (previous is None or previous.pos_ not in {"DET", "PRON"}):
            return None  # "was first to recommend", "first reported": adverbs
        if re.search(r"\b(?:at|a|one)\s+$", before) and (
            before.rstrip().endswith("at")
            or re.match(r"\s+of\b", self.text[match.end():])
        ):
            return None  # "at first"; "a third of" is a fraction, not a rank
        value = parse_ordinal(match.group())
        if value is None:
            return None
        return Draft(match.start(), match.end(), kind="ordinal", value=float(value))

    def _digfrac(self, match: re.Match[str]) -> Draft | None:
        """"1 1/2 cups", "1-1/2 year", "about 1/4 cup", "7/32": a fraction written in
        digits, with or without a whole number before it (not a range: section 3 of the
        conventions).

        A written fraction is proper and in lowest terms, over a denominator that
        measures are divided by; anything else with a slash ("20/20", a "6/8" time
        signature, "9/11") is a name or a code, and none of its numbers is an amount.
        """
        parts = _MIXED.fullmatch(match.group())
        if parts is None:
            return None
        whole = int(parts.group("whole") or 0)
        numerator, denominator = int(parts.group("num")), int(parts.group("den"))
        if (numerator >= denominator or denominator not in _FRACTION_DENOMINATORS
                or math.gcd(numerator, denominator) != 1):
            self.last_end = match.end()
            return None
        draft = Draft(match.start(), match.end(), value=whole + numerator / denominator)
        self._widen_left(draft)
        return self._widen_right(draft, after_of=False, numeric=True)

    def _digits(self, match: re.Match[str]) -> Draft | None:
        suffix = match.group("suffix") or ""
        core_end = match.end() - len(suffix)
        value = parse_number(self.text[match.start():core_end])
        if value is None:
            return None
        draft = Draft(match.start(), match.end(), value=value)
        start = match.start()
        if start >= 1 and self.text[start - 1] in "-−" and (
            start == 1 or self.text[start - 2] in " (\n"
        ) and start - 1 >= self.last_end:
            draft.start, draft.value = start - 1, -value  # "-2.64%"
        elif not self._widen_left(draft) and self._is_identifier(match, suffix):
            return None
        lowered = suffix.lower()
        if suffix in ("G", "p", "P"):  # "3G", "5G" networks, "1080p": classes, not amounts
            self.last_end = match.end()
            return None
        if lowered:
            if lowered == "s" and lex.YEAR_ONLY.match(self.text[match.start():core_end]):
                # "the 1990s" is the years 1990-1999; "the 1300s" 1300-1399.
                width = 100 if value % 100 == 0 and value % 1000 != 0 else 10
                draft.kind, draft.value = "date", None
                draft.low, draft.high = value, value + width - 1
                return draft
            # "30k" is 30,000; a single capital ("4K", a screen resolution) scales only
            # money ("$5K").
            if lowered in lex.scales() and (len(lowered) > 1 or draft.unit is not None
                                            or suffix == "k"):
                draft.value = value * lex.scales()[lowered]
            elif lowered in lex.units():
                draft.kind, draft.unit = lex.units()[lowered]
            else:
                self.last_end = match.end()
                return None
        elif draft.unit is None and self._ratio(draft):  # "4.5 out of 5"
            self._reading = ""
            return draft
        elif draft.unit is None and self._is_age(draft):
            draft.kind, draft.unit = "duration", "years"
            return draft
        return self._widen_right(draft, after_of=False, numeric=True)

    def _words(self, match: re.Match[str]) -> Draft | None:
        value = parse_number(match.group())
        if value is None:
            return None
        start = match.start()
        if start >= 2 and self.text[start - 1] == "-" and self.text[start - 2].isalpha():
            return None  # "no-one", "Su-thirty" style names
        if lex.FRACTION_TAIL.match(self.text, match.end()):
            return None  # "one-third" is a fraction, read by its own alternative
        pair = _WORD_PAIR.fullmatch(match.group().lower())
        if pair and 0 < UNIT_WORDS.get(pair.group(1), 0) < UNIT_WORDS.get(pair.group(2), 0) < 10:
            # "two-three years": digits' place words joined by a hyphen are a range
            # ("twenty-three" joins a ten to a unit, and stays one number).
            spread = Draft(start, match.end(), low=float(UNIT_WORDS[pair.group(1)]),
                           high=float(UNIT_WORDS[pair.group(2)]), approximate=True)
            self._widen_left(spread)
            return self._widen_right(spread, after_of=False)
        ratio = Draft(start, match.end(), value=value)
        if self._ratio(ratio):
            self._widen_left(ratio)
            self._reading = ""
            return ratio
        token = self.tokens.at(start)
        previous = self.tokens.before(start)
        sentence_start = token is None or token.is_sent_start or (
            previous is not None and previous.text in QUOTES | {"(", "\"", "“"})
        if match.group()[0].isupper() and not sentence_start:
            return None  # "Formula One", "the Five Hundred": names, not amounts
        one_of = normalise(match.group()) == "one" and _ONE_OF.match(self.text, match.end())
        if one_of:
            # "one of the oldest stadiums": one member picked out of a set counts (the
            # conventions' section 7); the unit is the set's noun.
            draft = Draft(start, match.end(), value=1.0)
            self.context.quantified(draft, after_of=True)
            return draft
        if normalise(match.group()) == "one" and self.context.one_is_pronoun(token, previous):
            return None
        draft = Draft(start, match.end(), value=value)
        self._widen_left(draft)
        return self._widen_right(draft, after_of=False)

    # -- rules shared by the handlers --------------------------------------------

    def _is_identifier(self, match: re.Match[str], suffix: str) -> bool:
        """Model numbers, names and phone numbers that look like numbers.

        Why: the corpus is full of aircraft (KC-45, Boeing 737, A380) and weapons
        (Geraniy-2) whose digits are not amounts.
        """
        start, text = match.start(), self.text
        core = text[start:match.end() - len(suffix)]
        if start >= 2 and text[start - 1] == "-" and re.search(
            r"[A-Za-z]\w*$", text[max(0, start - 12):start - 1]
        ):
            word = _PREVIOUS_WORD.search(text[max(0, start - 12):start - 1])
            if word and word.group(1).lower() in {"mid", "pre", "post"}:
                return False
            self.last_end = match.end()
            return True  # KC-45, Geraniy-2, F-35
        if start >= 1 and text[start - 1] in "#№":
            return True
        phone = lex.PHONE.match(text, start)
        if phone:
            self.last_end = phone.end()
            return True
        previous_word = _PREVIOUS_WORD.search(text[max(0, start - 20):start])
        if previous_word and previous_word.group(1).lower() in lex.IDENTIFIER_HEADS:
            return True
        previous = self.tokens.before(start)
        tally = re.match(r"[-–](\d{1,3})(?![\w,]|\.\d)", text[match.end():])
        if (previous is not None and previous.pos_ == "PROPN" and core.isdigit()
                and not (tally and int(core) <= MAX_TALLY and int(tally.group(1)) <= MAX_TALLY)
                and not lex.YEAR_ONLY.match(core)
                and previous.text.lower().rstrip(".") not in lex.MONTHS
                and previous.idx + len(previous.text) >= start - 1):
            tail = re.match(r"[-–][A-Za-z]*\d+\w*", text[match.end():])
            self.last_end = match.end() + (tail.end() if tail else 0)
            return True  # Boeing 737, FTSE 100, Windows 7, 737-800
        following = self.tokens.after(match.end())
        if (previous is not None and previous.tag_ in {"DT", "JJ", "PRP$", "POS"}
                and previous.lower_ not in lex.approximators()
                and len(core) == 3 and core.isdigit() and not suffix
                and (following is None or following.tag_ not in {"NNS", "JJ", "CD"})):
            # "the 787 would", "the 717 program": a model named by its number alone;
            # amounts after a determiner count a plural noun ("the 300 workers").
            tail = re.match(r"[-–][A-Za-z]*\d+\w*", text[match.end():])
            self.last_end = match.end() + (tail.end() if tail else 0)
            return True
        return False

    def _widen_left(self, draft: Draft) -> bool:
        """Currency marker and approximator before the number; True if a currency."""
        window_start = max(self.last_end, draft.start - 12)
        window = self.text[window_start:draft.start]
        currency = lex.prefix_currency_pattern().search(window)
        if currency:
            draft.start = window_start + currency.start()
            draft.kind, draft.unit = "money", lex.currencies("prefix")[currency.group(1)]
        window_start = max(self.last_end, draft.start - 20)
        window = self.text[window_start:draft.start]
        approximator = lex.approximator_pattern().search(window)
        if approximator:
            draft.start = window_start + approximator.start()
            reading = lex.approximators()[normalise(approximator.group(1))]
            draft.approximate = True
            self._reading = reading
        else:
            self._reading = ""
        return currency is not None

    def _widen_right(self, draft: Draft, *, after_of: bool, numeric: bool = False) -> Draft:
        text = self.text
        if numeric:
            scale = lex.scale_pattern().match(text, draft.end)
            if scale and draft.value is not None:
                draft.value *= lex.scales()[scale.group(1).lower()]
                draft.end = scale.end()
        self._range(draft)
        if draft.kind == "score":
            return draft
        plus = re.match(r"\s*(?:\+|plus\b)", text[draft.end:])
        if plus and draft.value is not None:  # "400,000 plus units"
            draft.low, draft.approximate = draft.value, True
            draft.end += plus.end()
        self._unit(draft, after_of)
        self._unit_range(draft)
        if draft.kind == "count" and draft.unit is None:
            self._compound_unit(draft)
        if draft.kind == "count" and draft.unit is None:
            self.context.quantified(draft, after_of)
        rate_from = draft.quantified[1] if draft.quantified else draft.end
        rate = lex.RATE_TAIL.match(text, rate_from)
        per = ""
        if rate:
            per = (rate.group("per") or rate.group("slash") or rate.group("any") or "").lower()
            per = lex.RATE_ADVERBS.get((rate.group("adverb") or "").lower(), per)
            per = {"annum": "year", "yr": "year", "h": "hour", "mo": "month"}.get(per, per)
        # "7 days a week", "365 days a year": a duration per a longer period is a rate.
        per_period = draft.kind == "duration" and per in ("day", "week", "month", "year") \
            and not (draft.unit or "").startswith(per)
        if rate and (draft.kind not in {"date", "duration"} or per_period):
            draft.unit = f"{draft.unit} per {per}" if draft.unit else f"per {per}"
            draft.kind = "rate"
            if draft.quantified is None:
                draft.end = rate.end()
        self._apply_reading(draft)
        if draft.kind == "count" and self.context.is_year(draft):
            draft.kind, draft.unit, draft.quantified = "date", None, None
        if draft.change is None:
            draft.change = self.context.change(draft)
        return draft

    def _is_age(self, draft: Draft) -> bool:
        """"Webb, 51, said": a whole number set off by commas after a person's name is
        their age, a duration in years (the conventions' section 2)."""
        value = draft.value
        if value is None or value != int(value) or not 1 <= value <= 120:
            return False
        if not re.match(r"\s*[,)]", self.text[draft.end:draft.end + 3]):
            return False
        comma = self.tokens.before(draft.start)
        if comma is None or comma.text not in (",", "("):
            return False
        name = self.tokens.before(comma.idx)
        return name is not None and name.pos_ == "PROPN" and \
            self.context.doc.view.ent_type[name.i] == "PERSON"

    def _compound_unit(self, draft: Draft) -> None:
        """"a three-game streak", "four-door", "a 2,812-piece set": the noun joined to
        the number by a hyphen is what is counted, as written (the conventions' rule)."""
        compound = _COMPOUND.match(self.text, draft.end)
        if compound is None:
            return
        token = self.tokens.at(compound.start("noun"))
        if token is None or token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return
        draft.unit = compound.group("noun").lower()
        draft.end = compound.end()

    def _apply_reading(self, draft: Draft) -> None:
        reading, self._reading = self._reading, ""
        if not reading or draft.value is None or draft.low is not None:
            return
        if reading == "about":
            draft.low, draft.high = draft.value * 0.9, draft.value * 1.1
        elif reading == "min":
            draft.low = draft.value
        elif reading == "max":
            draft.high = draft.value

    def _range(self, draft: Draft) -> None:
        """"1,500 to 2,000", "10-20", "between 10 and 20", "two or three"."""
        tail = lex.RANGE_TAIL.match(self.text, draft.end)
        if tail is None or draft.value is None or draft.kind == "score":
            return
        joint = tail.group("joint").lower()
        before = self.text[max(0, draft.start - 9):draft.start].lower()
        glued = tail.group("glued") or ""
        core_text = tail.group("core")[:len(tail.group("core")) - len(glued)]
        second = parse_number(core_text)
        if second is None:
            return
        # "15 – 20min", "3-8W": a unit glued to the second end belongs to the range.
        glued_unit = lex.units().get(glued.lower()) if glued else None
        if glued and glued_unit is None:
            return
        first_text = self.text[draft.start:draft.end]
        if joint in {"-", "–"} and self._score(draft, first_text, tail, second):
            return
        years = bool(lex.YEAR_ONLY.match(first_text)) and draft.unit is None
        if years and len(tail.group("core")) == 2 and joint in {"-", "–", "/"}:
            second += draft.value - draft.value % 100  # "2010-11"
        elif years and not lex.YEAR_ONLY.match(tail.group("core")):
            years = False
        if joint == "/" and not years:
            return  # "1/4 cup", "7/32": a slash joins a range of years only ("2022/23")
        if joint == "and" and not before.rstrip().endswith("between"):
            return
        if joint == "or" and (draft.unit is not None or tail.group("currency")):
            return  # "$50 or $100", "160GB or 40,000 songs": alternatives, each its own
        #           amount; a spread of alternatives writes its unit once ("two or three
        #           years")
        if joint in {"to", "-", "–", "—"} and not years and self._two_levels(draft, before):
            return  # "rose from 5 to 7", "down $2.86 to $77.11": two levels, not a range
        end = tail.end()
        scale = lex.scale_pattern().match(self.text, end)
        first = draft.value
        if scale:
            multiplier = lex.scales()[scale.group(1).lower()]
            second *= multiplier
            end = scale.end()
            if first * multiplier <= second:
                first *= multiplier
        if first >= second:
            return
        if years:
            draft.kind = "date"
        between = re.search(r"\bbetween\s+$", self.text[max(0, draft.start - 9):draft.start],
                            re.IGNORECASE)
        if between and draft.start - 8 + between.start() >= self.last_end:
            draft.start = max(0, draft.start - 9) + between.start()
        draft.value, draft.low, draft.high, draft.end = None, first, second, end
        if glued_unit is not None and draft.unit is None:
            draft.kind, draft.unit = glued_unit
        if joint == "or":
            draft.approximate = True

    def _two_levels(self, draft: Draft, before: str) -> bool:
        """A change from one level to another ("grew from 16 to 80", "down $2.86 to
        $77.11"), not a spread ("a range from 5,600 to 8,870", "from $150 to $200")."""
        if self.context.after_change_word(draft.start):
            return True
        if not before.rstrip().endswith("from"):
            return False
        start = draft.start - len(before) + before.rstrip().rfind("from")
        # "from A to B" is a change unless a word of spread introduces it.
        return not _SPREAD_BEFORE_FROM.search(self.text[max(0, start - 30):start])

    def _unit_range(self, draft: Draft) -> None:
        """"180 miles to 240 miles": the unit written at both ends, one range."""
        if draft.value is None or draft.unit is None or draft.kind == "money":
            return
        before = self.text[max(0, draft.start - 9):draft.start].lower()
        if self._two_levels(draft, before):
            return
        tail = _SECOND_END.match(self.text, draft.end)
        if tail is None:
            return
        second = parse_number(tail.group("number"))
        unit = lex.unit_pattern().match(self.text, tail.end())
        if second is None or unit is None or second <= draft.value:
            return
        word = normalise(unit.group(1) or unit.group(2))
        if lex.units().get(word, ("count", word))[1] != draft.unit:
            return
        draft.low, draft.high, draft.value, draft.end = draft.value, second, None, unit.end()

    def _score(self, draft: Draft, first_text: str, tail: re.Match[str], second: float) -> bool:
        """"won 2-0", "a 52-35 vote", "(6-5, 3-4)", "14-0-1": the tally of a game, match,
        vote or record (kind ``score``, its integers in ``score``), not a range.

        A tally is two or three whole numbers joined by a hyphen or dash, with no unit or
        currency, where the second is not larger than the first (a range never runs
        downwards) or a game or vote word stands right before or after it.
        """
        core = tail.group("core")
        if (draft.unit is not None or tail.group("currency") or not first_text.isdigit()
                or not core.isdigit() or draft.value is None
                or lex.YEAR_ONLY.match(first_text) or (first_text.startswith("0")
                and len(first_text) > 1)):
            return False
        end = tail.end()
        third = re.match(r"[-–](\d+)(?![\w,]|\.\d)", self.text[end:])
        numbers = [int(draft.value), int(second)]
        if third:
            numbers.append(int(third.group(1)))
            end += third.end()
        # Tallies are small: a model number (787-9), an ISBN or a phone number is not one.
        if lex.SCALE_OR_UNIT_AFTER.match(self.text, end) or max(numbers) > MAX_TALLY:
            return False
        if not (third or second <= draft.value or self.context.score_context(draft.start, end)):
            return False
        draft.kind, draft.score, draft.value, draft.end = "score", tuple(numbers), None, end
        self.last_end = end
        return True

    def _unit(self, draft: Draft, after_of: bool) -> None:
        """Currency words, %, time units, measures, "times". "18 years ago" stays a duration
        of 18 years (the test sets' reading: the span of time is what the text states)."""
        text, end = self.text, draft.end
        of = re.match(r"\s+of\b", text[end:]) if after_of else None
        offset = end + (of.end() if of else 0)
        currency = lex.suffix_currency_pattern().match(text, offset)
        if currency and draft.unit is None:
            # "77 cents" keeps its written value in unit USD-cents (never converted: the
            # conventions' rule that money keeps its written amount and unit).
            code = lex.currencies("suffix")[currency.group(1)]
            draft.kind, draft.unit, draft.end = "money", code, currency.end()
            return
        unit = lex.unit_pattern().match(text, offset)
        if unit and draft.kind != "money":
            word = normalise(unit.group(1) or unit.group(2))
            draft.kind, draft.unit = lex.units().get(word, ("count", word))
            draft.end = unit.end()
            if re.match(r"-old\b", text[draft.end:]):
                draft.end += 4
            return
        times = lex.TIMES_TAIL.match(text, end)
        if times and draft.kind == "count":
            draft.end = times.end()
            if times.group("compare"):
                draft.kind = "multiplier"
                compare = times.group("compare").strip().lower()
                if compare in {"more", "higher", "larger", "greater", "bigger", "faster"}:
                    draft.change = "increase"
                elif compare in {"less", "fewer", "lower", "smaller"}:
                    draft.change = "decrease"
                else:
                    draft.end = times.start("compare")
            else:
                draft.unit = "times"
