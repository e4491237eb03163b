"""What the input layer yields: one ``InputItem`` per article record, document or failure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimledger.errors import InputError
from claimledger.model import Document


@dataclass(frozen=True, slots=True)
class InputFailure:
    """One input or record that gave no document, and why (one line, says what to do)."""

    name: str
    reason: str
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "reason": self.reason, "record": self.record}

    def __str__(self) -> str:
        where = f" ({self.record})" if self.record else ""
        return f"{self.name}{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class InputItem:
    """One record of the input: exactly one of ``document`` and ``failure`` is set.

    ``key`` is stable across runs, so an interrupted ingest can skip what it has done:
    ``path`` for a single file, ``path#line N`` in JSONL, ``path#entry N`` in a feed,
    ``path#offset N IDENTITY`` in a WARC/ARC archive (the record's declared digest or
    length, so a complete copy of a cut archive is read again; ``path#offset N`` alone
    for an archive that ends inside the record's headers), the URL for a fetched page.
    """

    key: str
    document: Document | None
    failure: InputFailure | None

    @classmethod
    def ok(cls, key: str, document: Document) -> InputItem:
        return cls(key, document, None)

    @classmethod
    def failed(cls, key: str, name: str, reason: str, record: str | None = None) -> InputItem:
        return cls(key, None, InputFailure(name, _one_line(reason), record))

    @classmethod
    def from_error(cls, key: str, error: InputError, record: str | None = None) -> InputItem:
        return cls.failed(key, error.name, error.reason, record)


def _one_line(reason: str) -> str:
    return " ".join(reason.split())


_ARCHIVE_KEY = re.compile(r"(?P<path>.*)#offset (?P<offset>[0-9]+)(?: (?P<identity>\S+))?",
                          re.DOTALL)


@dataclass(frozen=True, slots=True)
class ArchivePosition:
    """Where an archive record key points: the archive, the record's byte offset, and
    its declared identity (None for a record the archive ends inside the headers of)."""

    path: str
    offset: int
    identity: str | None


def archive_position(key: str) -> ArchivePosition | None:
    """The archive position of an item key; None for keys that are not archive records."""
    found = _ARCHIVE_KEY.fullmatch(key)
    if found is None:
        return None
    return ArchivePosition(found["path"], int(found["offset"]), found["identity"])
