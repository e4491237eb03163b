"""The one exception tree of claimledger.

    ClaimledgerError            anything the library raises on purpose
    ├── InputError              one input cannot be analysed (names the input)
    │   ├── InputNotFound       the path does not exist or is not a readable file
    │   ├── UndecodableInput    bytes that are not text in any encoding we trust
    │   ├── EmptyInput          nothing to analyse (empty file, page with no article)
    │   ├── InputTooLarge       over the per-article size limit
    │   └── FetchError          a page could not be fetched (network, HTTP status, size)
    ├── ModelError              the spaCy model cannot be loaded
    ├── StoreError              the ledger database refused an operation
    │   ├── LedgerNotFound      a read command's ledger does not exist
    │   ├── LedgerFull          the ledger's disk is full
    │   └── StaleLinkRun        the observations changed while a linking run read them
    ├── LinkingError            observations cannot be linked as given (two share an id)
    ├── SparkJobError           a Spark job or its output cannot be used (a table missing)
    ├── RequestTooLarge         a web request body is over the server's limit (HTTP 413)
    ├── AnalyseBusy             every web analyse worker is busy (HTTP 503, Retry-After)
    └── OutputError             an output cannot be written (existing file, full device)

Every exception class of claimledger is defined here (a test checks it), so a caller can
catch ``ClaimledgerError`` and know it has caught everything we raise on purpose; the
modules that raise them re-export their names where callers used to import them.

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


class FetchError(InputError):
    """A page could not be fetched (network error, HTTP error status, too large)."""


class LinkingError(ClaimledgerError):
    """The observations cannot be linked as given (e.g. two share one id)."""


class SparkJobError(ClaimledgerError):
    """A Spark job or its output cannot be used as given (e.g. a table is missing)."""


class RequestTooLarge(ClaimledgerError):
    """A web request's body grew past the server's ``--max-body`` while being read.

    Raised inside the body-limit middleware to stop reading, and answered there with 413.
    """


# process faults


class LedgerNotFound(StoreError):
    """A command that only reads was given a ledger that does not exist (a mistyped
    ``--db``); only ``ingest`` and ``load`` create one."""


class LedgerFull(StoreError):
    """The ledger's disk is full. What was committed before stays; free space and run
    the command again (ingest resumes where it stopped)."""


class OutputError(ClaimledgerError):
    """An output cannot be written where it was asked to go (an ``--out`` that is an
    existing file, a full device on standard output)."""


# linking


class StaleLinkRun(StoreError):
    """A linking run read the ledger's observations, and before it could write its result
    the observations changed (an ingest, a load or a re-analysis committed meanwhile).
    Its result is not written, so it cannot overwrite a newer run; ``link_ledger`` links
    again from a fresh read."""


# -- web (issue 14) ---------------------------------------------------------------------


class AnalyseBusy(ClaimledgerError):
    """Every analyse worker is busy and the waiting line is full; try again shortly."""
