"""Running cross-article linking over the ledger and storing its result.

Observations are built from stored rows only (claims joined with their article and
holder source), so linking can be re-run at any time without re-analysing anything.
Both ends stream, so memory stays flat in ledger size: ``iter_observations`` reads
claims in keyset-paginated batches, and ``StoreSink`` hands results, cluster by cluster,
to the store's ``link_writer``, which rewrites ``claims.canonical_id`` and the ``link_*``
tables in one transaction and no other column of an observation.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from claimledger.ledger.base import LinkWriter, Row
from claimledger.ledger.reads import in_chunks, marks
from claimledger.ledger.store import Store, sql_access

if TYPE_CHECKING:
    from claimledger.linking.embeddings import Embedder, Progress
    from claimledger.linking.observation import (
        Contradiction,
        Edge,
        LinkResult,
        MemberLink,
        Observation,
        Origin,
        QuantityValue,
        StoryLink,
    )

log = logging.getLogger(__name__)

# Holders that are themselves a publication or document: the claim cites them
# ("The Economist reported", "according to a Pentagon report").
CITED_KINDS = frozenset({"publication", "document"})


@dataclass(frozen=True, slots=True)
class LinkSummary:
    run_id: str
    observations: int
    clusters: int
    edges: int
    contradictions: int

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "observations": self.observations,
                "clusters": self.clusters, "edges": self.edges,
                "contradictions": self.contradictions}


def quantity_value(row: Mapping[str, Any]) -> QuantityValue:
    """A stored quantity row as the value linking compares."""
    from claimledger.linking.observation import QuantityValue

    return QuantityValue(value=row["value"], low=row["low"], high=row["high"],
                         unit=row["unit"], kind=row["kind"] or "")


def observation_of(claim: Mapping[str, Any], *, outlet: str | None, published: str | None,
                   holder_name: str | None, holder_kind: str | None,
                   quantities: Mapping[str, QuantityValue]) -> Observation:
    """One stored claim as a linking ``Observation``: the one rule, shared by the SQL
    ledger (``observations``) and the Parquet tables of ``spark link``, so both link
    identical observations. ``quantities`` maps the article's quantity ids to values.

    ``published`` is the article's publication date (``articles.published``), None when
    it has none. Why not ``articles.time`` (the date, else the ingest time): linking
    orders observations by it, so an undated article's place, and with it canonical ids
    and origins, would depend on when and in which order the inputs were ingested.
    Undated observations sort after dated ones, by their content-derived id
    (``observation.time_key``)."""
    from claimledger.linking.observation import Observation

    ids = json.loads(claim["quantity_ids"] or "[]")
    return Observation(
        id=claim["uid"], article_id=claim["article_id"], outlet=outlet, published=published,
        text=claim["text"], holder_name=holder_name, holder_kind=holder_kind,
        cited=holder_name if holder_kind in CITED_KINDS else None,
        quantities=tuple(quantities[str(i)] for i in ids if str(i) in quantities))


_CLAIMS_AFTER = (
    "SELECT c.n, c.uid, c.article_id, c.text, c.quantity_ids, a.outlet, a.published, "
    "s.name AS holder_name, s.kind AS holder_kind "
    "FROM claims c JOIN articles a ON a.id = c.article_id "
    "LEFT JOIN sources s ON s.article_id = c.article_id AND s.id = c.holder "
    "WHERE c.n > ? ORDER BY c.n LIMIT ?")


def iter_observations(store: Store, *, batch: int = 2000) -> Iterator[Observation]:
    """Every stored claim as a linking ``Observation``, in ledger order (``claims.n``).

    Keyset pagination: each batch is one short read, ``WHERE n > last ORDER BY n LIMIT
    batch`` on the primary key, followed by one lookup of the quantities of that batch's
    articles. Why not a server-side cursor or ``fetchmany``: nothing stays open between
    batches, so the same SQL works on both backends, no transaction (and on PostgreSQL no
    snapshot holding back vacuum) lasts the whole linking run, and the store's connection
    is free for ``link_writer`` while the consumer is still iterating. Memory holds one
    batch of claims and their articles' quantities. Claims ingested while iterating
    appear at the end when their ``n`` is past the last batch read, else in the next run.
    """
    db = sql_access(store)
    if batch < 1:
        raise ValueError("batch must be at least 1")
    last = -1
    while True:
        rows = db.query(_CLAIMS_AFTER, (last, batch))
        quantities = _quantities_of(store, rows)
        for row in rows:
            yield observation_of(row, outlet=row["outlet"], published=row["published"],
                                 holder_name=row["holder_name"],
                                 holder_kind=row["holder_kind"],
                                 quantities=quantities.get(row["article_id"], {}))
        if len(rows) < batch:
            return
        last = int(rows[-1]["n"])


def _quantities_of(store: Store, claims: Sequence[Row]
                   ) -> dict[str, dict[str, QuantityValue]]:
    """The quantities of the articles whose claims (of one batch) name any: article id ->
    quantity id -> value."""
    db = sql_access(store)
    wanted = sorted({c["article_id"] for c in claims
                     if (c["quantity_ids"] or "[]") != "[]"})
    found: dict[str, dict[str, QuantityValue]] = {}
    for chunk in in_chunks(wanted):
        for q in db.query("SELECT article_id, id, value, low, high, unit, kind "
                          f"FROM quantities WHERE article_id IN ({marks(len(chunk))})",
                          chunk):
            found.setdefault(q["article_id"], {})[str(q["id"])] = quantity_value(q)
    return found


def observations(store: Store) -> list[Observation]:
    """Every stored claim as a linking ``Observation``, in ledger order, in one list
    (for callers that need them all at once; linking itself streams)."""
    return list(iter_observations(store))


def edge_row(edge: Edge) -> Row:
    return {"src": edge.src, "dst": edge.dst, "kind": edge.kind, "reason": edge.reason}


def origin_rows(canonical_id: str, origins: Iterable[Origin]) -> list[Row]:
    """The ``link_origins`` rows of one cluster, ``seq`` numbering them in order."""
    return [{"canonical_id": canonical_id, "seq": seq, "key": origin.key,
             "name": origin.name, "kind": origin.kind, "anonymous": int(origin.anonymous),
             "observations": json.dumps(list(origin.observations)), "reason": origin.reason}
            for seq, origin in enumerate(origins)]


def contradiction_row(found: Contradiction) -> Row:
    return {"a": found.a, "b": found.b, "reason": found.reason}


def member_link_row(link: MemberLink) -> Row:
    return {"uid": link.uid, "partner": link.partner, "reason": link.reason}


def link_rows(result: LinkResult) -> dict[str, list[Row]]:
    """The rows of the ``link_*`` tables for one ``LinkResult``; a repeated key (edge
    ``src, dst, kind``; contradiction ``a, b``) keeps the last reason given."""
    edges = {(e.src, e.dst, e.kind): edge_row(e) for e in result.edges}
    origins = [row for canonical_id, found in sorted(result.origins.items())
               for row in origin_rows(canonical_id, found)]
    contradictions = {(c.a, c.b): contradiction_row(c) for c in result.contradictions}
    return {"link_edges": list(edges.values()), "link_origins": origins,
            "link_contradictions": list(contradictions.values()),
            "link_reasons": [member_link_row(m) for m in result.member_links]}


class StoreSink:
    """A ``LinkSink`` writing each result into the ledger as it arrives, as one run.

        with StoreSink(store, run_id) as sink:
            link_external(iter_observations(store), sink)

    Gives the rows of ``link_rows`` (a repeated key is an upsert: the last reason wins)
    and the canonical ids of ``replace_links``. The store's ``link_writer`` is opened
    at the first result, not on entry: reading and embedding the observations never
    holds the ledger's write lock, which SQLite writers (a concurrent ingest) would wait
    on. On exit the run commits; after an exception it rolls back and the previous run
    stays. Story links have no table (as in ``link_rows``): they are counted only.
    """

    def __init__(self, store: Store, run_id: str, *, flush_rows: int | None = None,
                 generation: int | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self._flush_rows = flush_rows
        self._generation = generation
        self._stack = ExitStack()
        self._writer: LinkWriter | None = None
        self.clusters_seen = 0
        self.edges_seen = 0
        self.contradictions_seen = 0
        self.story_links_seen = 0

    def __enter__(self) -> StoreSink:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self._open()  # an empty ledger still replaces the previous run
        self._stack.__exit__(kind, exc, tb)

    def open(self) -> LinkWriter:
        """The run's ``link_writer``, opened now if it is not yet: a caller that reads
        the observations after this reads them under the writer's lock."""
        return self._open()

    def _open(self) -> LinkWriter:
        if self._writer is None:
            options: dict[str, Any] = {"generation": self._generation}
            if self._flush_rows is not None:
                options["flush_rows"] = self._flush_rows
            self._writer = self._stack.enter_context(
                self.store.link_writer(self.run_id, **options))
        return self._writer

    @property
    def observations_seen(self) -> int:
        return 0 if self._writer is None else self._writer.observations

    def clusters(self, assigned: Sequence[tuple[str, str]]) -> None:
        self._open().assign(assigned)

    def cluster(self, canonical_id: str, edges: Sequence[Edge], origins: Sequence[Origin],
                contradictions: Sequence[Contradiction], links: Sequence[MemberLink] = ()
                ) -> None:
        writer = self._open()
        writer.add("link_reasons", (member_link_row(m) for m in links))
        writer.add("link_edges", (edge_row(e) for e in edges))
        writer.add("link_origins", origin_rows(canonical_id, origins))
        writer.add("link_contradictions", (contradiction_row(c) for c in contradictions))
        self.clusters_seen += 1
        self.edges_seen += len(edges)
        self.contradictions_seen += len(contradictions)

    def story_links(self, links: Sequence[StoryLink]) -> None:
        self.story_links_seen += len(links)


# Linking runs made stale by a concurrent change before one is read under the lock.
STALE_RETRIES = 2


def link_ledger(store: Store, *, embedder: Embedder | None = None,
                progress: Progress | None = None, retries: int = STALE_RETRIES
                ) -> LinkSummary:
    """Link every observation of the ledger and store clusters, edges, origins and
    contradictions, replacing the previous linking run's; memory stays flat in ledger
    size (observations stream in, results stream out through ``StoreSink``).

    A stale run is never written: each attempt reads the ledger's generation before its
    observations, and ``link_writer`` refuses the result (``StaleLinkRun``) when an
    ingest, load or re-analysis committed meanwhile. Up to ``retries`` attempts read
    without any lock (ingest goes on while they embed); the last one opens the writer
    first and reads its observations under its lock (SQLite: the write lock, so
    concurrent writers wait for the whole run; PostgreSQL: the ``ledger_state`` row,
    which every change to the observations updates), so it cannot be stale.
    """
    from claimledger.errors import StaleLinkRun

    for attempt in range(retries):
        try:
            return _link_once(store, embedder, progress, generation=store.generation())
        except StaleLinkRun as stale:
            log.info("linking attempt %d is stale (%s); linking again", attempt + 1, stale)
    return _link_once(store, embedder, progress, generation=None)


def _link_once(store: Store, embedder: Embedder | None, progress: Progress | None, *,
               generation: int | None) -> LinkSummary:
    """One linking run; ``generation`` None: read the observations under the lock."""
    from claimledger.linking.external import link_external

    run_id = uuid.uuid4().hex
    with StoreSink(store, run_id, generation=generation) as sink:
        if generation is None:
            sink.open()
        counts = link_external(iter_observations(store), sink, embedder=embedder,
                               progress=progress)
    return LinkSummary(run_id, counts.observations, counts.clusters, counts.edges,
                       counts.contradictions)
