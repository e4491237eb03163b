"""Ingest throughput with one and two analysis processes, in one command.

Each run ingests the 120 Wikinews articles and the 181 pages of the HTML benchmark into
a fresh SQLite ledger (no linking, so only reading, extraction, analysis and writing are
timed) and reports articles/second including worker start-up. The -j2/-j1 ratio is
what a second core buys; it needs an otherwise idle machine to mean anything.

    .venv/bin/python benchmarks/bench_ingest.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = [str(CORPUS / "wikinews"), str(CORPUS / "html-benchmark" / "html")]


def run(jobs: int) -> dict[str, float]:
    from claimledger.ledger import ingest, open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.db"))
        try:
            report = ingest(INPUTS, store, jobs=jobs, progress=False)
        finally:
            store.close()
    return {"jobs": jobs, "articles": report.stored, "seconds": report.seconds,
            "articles_per_s": report.analysed_per_second}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs = [run(1), run(2)]
    result = {"runs": runs, "j2_over_j1": runs[1]["articles_per_s"] / runs[0]["articles_per_s"]}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"ingest of {runs[0]['articles']} articles (Wikinews + HTML benchmark) into SQLite"
              " (no linking):")
        for r in runs:
            print(f"  -j{r['jobs']}  {r['articles_per_s']:6.2f} articles/s  ({r['seconds']:.1f} s)")
        print(f"  -j2 / -j1 = {result['j2_over_j1']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
