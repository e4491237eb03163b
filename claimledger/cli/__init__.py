"""The ``claimledger`` command. Each module of this package adds one or more subcommands.

A command module defines ``register(subparsers)``; the subparser it adds sets
``func=<callable(args) -> int>``. The callable parses nothing and decides nothing the
library should: it calls the library and formats the result. Exit codes: 0 ok, 1 some
inputs failed (the others still processed) or the command failed with a one-line
error, 2 usage error (argparse's own code, or an ``--out`` that would overwrite),
141 standard output closed by its reader (``| head``; quiet, like a tool killed by SIGPIPE).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from claimledger import __version__
from claimledger.cli._output import (
    CLOSED_PIPE_EXIT,
    flush_stdout,
    silence_stdout,
    write_failure,
)
from claimledger.errors import ClaimledgerError, OutputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="Who claims what in the news, and how it is sourced.",
    )
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log progress (-v) or debugging detail (-vv) to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.func(args)
        flush_stdout()
    except BrokenPipeError:
        silence_stdout()
        return CLOSED_PIPE_EXIT
    except OutputError as exc:
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 2
    except ClaimledgerError as exc:
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        message = write_failure(exc)
        if message is None:
            raise
        silence_stdout()
        print(f"claimledger: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
