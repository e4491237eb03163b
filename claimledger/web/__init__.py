"""The claimledger web app: the ledger's pages, each with a JSON twin (``docs/web.md``).

    from claimledger.web import create_app
    app = create_app("ledger.db", read_only=True)
"""

from __future__ import annotations

from claimledger.web.app import create_app

__all__ = ["create_app"]
