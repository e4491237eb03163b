"""``claimledger serve``: the web app over a ledger, with uvicorn.

Thin shell: it checks the listening address against the token rule and starts
``claimledger.web.create_app``. Listening anywhere but loopback without a token is
refused, because writes (analyse-and-store) would then be open to the network.
"""

from __future__ import annotations

import argparse
import os
import sys

from claimledger.cli._types import port, positive_int
from claimledger.ledger.store import DEFAULT_URL

TOKEN_ENV = "CLAIMLEDGER_TOKEN"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the ledger's web pages (overview, articles, sources, claim traces)",
        description="Serve the ledger as web pages with JSON twins. Listening on a "
        "non-loopback address needs --token (or $CLAIMLEDGER_TOKEN) unless --read-only.",
    )
    parser.add_argument("--db", metavar="URL", default=DEFAULT_URL,
                        help="ledger: SQLite path, sqlite:///PATH or postgresql://... "
                        f"(default: {DEFAULT_URL})")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default: 127.0.0.1)")
    parser.add_argument("--port", type=port, default=8000,
                        help="port, 1-65535 (default: 8000)")
    parser.add_argument("--read-only", action="store_true",
                        help="serve pages only: no route that writes to the ledger exists")
    parser.add_argument("--token", default=None,
                        help=f"secret that writes must carry (default: ${TOKEN_ENV})")
    parser.add_argument("--max-body", type=positive_int, default=None, metavar="BYTES",
                        help="largest request body accepted (default: 5 MiB)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="a host name the server answers to besides loopback names and "
                        "--host (repeatable); other Host headers get 421")
    parser.add_argument("--max-analyse-chars", type=positive_int, default=200_000, metavar="N",
                        help="longest text one analyse request may carry (default: 200000)")
    parser.set_defaults(func=run)


def check_listen(host: str, token: str | None, read_only: bool) -> str | None:
    """Why the server must not start on ``host``, or None when it may."""
    from claimledger.web.security import is_loopback

    if is_loopback(host) or token or read_only:
        return None
    return (f"refusing to listen on {host} without a write token: anyone who can reach "
            f"it could add articles. Pass --token (or set ${TOKEN_ENV}), use --read-only, "
            "or listen on 127.0.0.1")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from claimledger.ledger.store import open_store
    from claimledger.web import create_app
    from claimledger.web.security import DEFAULT_MAX_BODY, check_token

    token = args.token or os.environ.get(TOKEN_ENV) or None
    refusal = check_listen(args.host, token, args.read_only)
    if refusal:
        print(f"claimledger: error: {refusal}", file=sys.stderr)
        return 2
    try:
        check_token(token)  # a usage error, reported before the ledger is opened
    except ValueError as exc:
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 2
    open_store(args.db, create=False).close()  # a mistyped --db must not make a ledger
    try:
        app = create_app(args.db, read_only=args.read_only, token=token,
                         max_body=args.max_body or DEFAULT_MAX_BODY,
                         allowed_hosts=(args.host, *args.allow_host),
                         max_analyse_chars=args.max_analyse_chars)
    except ValueError as exc:  # a write token too short to resist guessing
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
