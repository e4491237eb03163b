"""Possessive speaker mentions: "his office", "Swift's rep", "Fiat's announcement".

Three readings, by the head noun (conventions: quality/resolution-guidelines.md):

- a communication artefact (statement, announcement, response, email) is credited to
  its author, the possessor;
- an office or representative (office, spokesperson, rep, lawyer, family) is a source of
  its own, named "<possessor>'s <noun>", with the possessor as its affiliation;
- an office holder of a place or body ("Indonesia's transport minister") is the person
  the article introduced with that role, when there is one.
"""

from __future__ import annotations

ARTEFACTS = frozenset({"statement", "announcement", "response", "email", "e-mail",
                       "letter", "release", "tweet", "post", "memo", "message", "comment",
                       "remark", "testimony", "filing", "reply", "note"})
REPRESENTATIVES = frozenset({"office", "spokesperson", "spokesman", "spokeswoman", "rep",
                             "representative", "lawyer", "attorney", "family", "campaign",
                             "aide", "adviser", "advisor", "team", "counsel", "camp",
                             "publicist", "agent", "doctor", "staff"})
