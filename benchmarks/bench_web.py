"""Web page latency over a 10,000-article ledger: p50/p95 of article, source and cluster
pages and of the browse lists, outlet pages and search (HTML, JSON, CSV) served by
uvicorn on 127.0.0.1.

The ledger is a synthetic scale-up of real analyses: a few dozen real articles are
analysed once, then copies with perturbed text (so new content-hash ids), outlets and
dates are written straight through the store, not re-parsed. Copies of one real claim
form one cluster (with ``copies`` edges to its first appearance), so cluster pages have
tens of observations. A bounded load generator (httpx, a fixed number of requests, a few
concurrent clients, loopback only) then requests random pages.

    .venv/bin/python benchmarks/bench_web.py [--articles 10000] [--requests 600] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.model import Analysis

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_P95_MS = 100.0


def real_analyses(count: int) -> list[Analysis]:
    from claimledger.analysis import analyze_documents
    from claimledger.model import Document

    paths = sorted((CORPUS / "wikinews").glob("*.txt"))[:count]
    documents = [Document(text=p.read_text(encoding="utf-8"), path=p.name) for p in paths]
    return list(analyze_documents(documents))


def scaled_copy(base: Analysis, i: int, rng: random.Random) -> Analysis:
    """Copy ``i`` of a real analysis: text with a marker appended after every span (so
    offsets stay valid and the content hash differs), another outlet and date."""
    from dataclasses import replace

    from claimledger.model import Document

    day = date(2008, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    document = Document(text=base.document.text + f"\n\n[syndicated copy {i}]",
                        outlet=f"outlet-{i % 60:02d}.example", published=day.isoformat(),
                        path=f"copy-{i}.txt")
    return replace(base, document=document)


def build(db: Path, articles: int, bases: list[Analysis]) -> dict[str, Any]:
    from claimledger.ledger.base import now_iso
    from claimledger.ledger.rows import article_rows, claim_uid
    from claimledger.ledger.store import open_store

    rng = random.Random(7)
    store = open_store(str(db))
    started = time.perf_counter()
    members: dict[str, list[tuple[str, str]]] = {}  # cluster -> [(time, uid)]
    ids: list[str] = []
    for i in range(articles):
        base_index = i % len(bases)
        copy = scaled_copy(bases[base_index], i, rng)
        rows = article_rows(copy, ingested_at=now_iso(), analyser="bench")
        aid = rows.article_id
        ids.append(aid)
        store.write_article(f"bench:{i}", rows)
        for claim in copy.claims:
            cluster = "clm_" + hashlib.sha256(f"{base_index}:{claim.id}".encode()
                                              ).hexdigest()[:20]
            members.setdefault(cluster, []).append(
                (copy.document.published or "", claim_uid(aid, claim.id)))
    written = time.perf_counter() - started
    canonical = {uid: cid for cid, found in members.items() for _, uid in found}
    edges, origins = [], []
    for cid, found in members.items():
        found.sort()
        first = found[0][1]
        origins.append({"canonical_id": cid, "seq": 0, "key": f"outlet:{first}",
                        "name": "first outlet", "kind": "outlet", "anonymous": 0,
                        "observations": json.dumps([u for _, u in found]),
                        "reason": "every copy traces back to the first appearance"})
        edges += [{"src": uid, "dst": first, "kind": "copies",
                   "reason": "synthetic copy of the same article"} for _, uid in found[1:]]
    store.replace_links("bench", canonical, {"link_edges": edges, "link_origins": origins,
                                             "link_contradictions": []})
    sources = store.query("SELECT name, kind FROM sources WHERE kind IN "
                          "('named_person', 'named_organization') GROUP BY name, kind")
    store.close()
    return {"article_ids": ids, "clusters": list(members),
            "sources": [(s["name"], s["kind"]) for s in sources],
            "write_seconds": round(written, 1), "observations": len(canonical)}


def serve(db: Path) -> tuple[Any, threading.Thread, str]:
    import socket

    import uvicorn

    from claimledger.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), read_only=True),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def load(base_url: str, paths: list[str], clients: int) -> dict[str, list[float]]:
    import httpx

    timings: dict[str, list[float]] = {}
    lock = threading.Lock()

    def fetch(path: str, client: httpx.Client) -> None:
        started = time.perf_counter()
        response = client.get(base_url + path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        route = path.split("?")[0]
        parts = route.split("/")
        kind = parts[1].split(".")[0] + (" list" if len(parts) == 2 else "") + \
            (" json" if ".json" in route else " csv" if ".csv" in route else " html")
        with lock:
            timings.setdefault(kind, []).append(elapsed)

    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(clients) as pool:
        # Warm-up: threads' connections, templates, and one request of every list (the
        # first waits for the whole-ledger groupings the app computes once at start and
        # then refreshes in the background), so the figures are the steady state.
        warm = list(dict.fromkeys([*paths[:clients * 2],
                                   *(p for p in paths if "/articles/" not in p
                                     and "/claims/" not in p and "/sources/" not in p)]))
        for path in warm:
            fetch(path, client)
        timings.clear()
        list(pool.map(lambda p: fetch(p, client), paths))
    return timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    from urllib.parse import quote

    from claimledger.ledger.claim_trace import source_url

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--bases", type=int, default=40, help="real articles analysed")
    parser.add_argument("--requests", type=int, default=300)
    # One client by default: the server runs in a thread of this process, so concurrent
    # client threads contend with it for the GIL and two cores, and their figures measure
    # queueing in this harness more than page answer time (docs/benchmarks.md has both).
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimledger-bench-web-") as folder:
        db = Path(folder) / "ledger.db"
        bases = real_analyses(args.bases)
        built = build(db, args.articles, bases)
        server, thread, url = serve(db)
        rng = random.Random(11)
        paths = []
        lists = ["/claims", "/claims.json?sort=independent_origins&page=3",
                 "/claims?sort=contradictions&per_page=100", "/claims.json?sort=first_seen",
                 "/claims.json?q=market", "/articles?sort=claims&page=5",
                 "/articles.json?outlet=outlet-07.example", "/articles.csv?per_page=200",
                 "/sources", "/sources.json?sort=claims&page=2", "/sources.json?q=boeing",
                 "/outlets", "/outlets.json?sort=anonymous_share",
                 "/outlets/outlet-03.example", "/outlets/outlet-41.example.json",
                 "/search?q=market&page=2", "/search.json?q=said", "/"]
        for n in range(args.requests):
            suffix = ".json" if n % 2 else ""
            pick = n % 4
            if pick == 3:
                paths.append(lists[(n // 4) % len(lists)])
                continue
            if pick == 0:
                paths.append("/articles/" + rng.choice(built["article_ids"]) + suffix)
            elif pick == 1:
                name, kind = rng.choice(built["sources"])
                paths.append(source_url(name, kind, "", "") + suffix)
            else:
                paths.append("/claims/" + quote(rng.choice(built["clusters"])) + suffix)
        try:
            timings = load(url, paths, args.clients)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    every = [t for values in timings.values() for t in values]
    report = {
        "articles": args.articles, "observations": built["observations"],
        "ledger_write_seconds": built["write_seconds"], "requests": len(every),
        "clients": args.clients,
        "pages": {kind: {"n": len(v), "p50_ms": round(statistics.median(v), 1),
                         "p95_ms": round(percentile(v, 0.95), 1)}
                  for kind, v in sorted(timings.items())},
        "all": {"p50_ms": round(statistics.median(every), 1),
                "p95_ms": round(percentile(every, 0.95), 1)},
        "target_p95_ms": TARGET_P95_MS,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{args.articles:,} articles, {built['observations']:,} observations "
              f"(written in {built['write_seconds']} s); {len(every)} requests, "
              f"{args.clients} clients")
        for kind, row in report["pages"].items():
            print(f"  {kind:14} n={row['n']:4}  p50 {row['p50_ms']:6.1f} ms  "
                  f"p95 {row['p95_ms']:6.1f} ms")
        print(f"  {'all':14} p50 {report['all']['p50_ms']:6.1f} ms  "
              f"p95 {report['all']['p95_ms']:6.1f} ms  (target p95 < {TARGET_P95_MS:.0f} ms)")
    return 0 if report["all"]["p95_ms"] < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
