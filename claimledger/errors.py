"""The one exception tree of claimledger.

    ClaimledgerError            anything the library raises on purpose
    ├── InputError              one input cannot be analysed (names the input)
    │   ├── InputNotFound       the path does not exist or is not a readable file
    │   ├── UndecodableInput    bytes that are not text in any encoding we trust
    │   ├── EmptyInput          nothing to analyse (empty file, page with no article)
    │   └── InputTooLarge       over the per-article size limit
    ├── ModelError              the spaCy model cannot be loaded
    └── StoreError              the ledger database refused an operation

The library raises; the shells (CLI, web app, Spark job) translate into exit codes,
HTTP statuses or error rows. Messages say what went wrong and what to do next.
"Nothing found" is an empty result, never an exception.
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class of every error claimledger raises on purpose."""


class InputError(ClaimledgerError):
    """One input cannot be analysed; ``name`` says which (a path, a URL or ``<stdin>``)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class InputNotFound(InputError):
    pass


class UndecodableInput(InputError):
    pass


class EmptyInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class ModelError(ClaimledgerError):
    pass


class StoreError(ClaimledgerError):
    pass
