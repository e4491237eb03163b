"""The claims layer's records, which live in ``claimledger.model.claims``.

Kept so that ``from claimledger.claims.records import Claim`` still works; new code
imports from ``claimledger.model``.
"""

from claimledger.model.claims import (
    OUTLET,
    UNRESOLVED,
    Claim,
    Flag,
    Hedge,
    Notable,
    Profile,
    Support,
)

__all__ = ["OUTLET", "UNRESOLVED", "Claim", "Flag", "Hedge", "Notable", "Profile", "Support"]
