"""The Spark commands: ``spark analyze``, ``spark link`` and ``load``.

``spark analyze`` and ``spark link`` run in a local Spark (``--master local[N]``) or in
the session ``spark-submit`` started; ``load`` writes their Parquet output into a SQLite
or PostgreSQL ledger through the store. Each prints a JSON summary on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from claimledger.ledger.store import DEFAULT_URL


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    spark = subparsers.add_parser(
        "spark", help="analyse and link at scale on Apache Spark (Parquet output)",
        description="Run analysis or linking as a Spark job; see docs/spark.md.")
    jobs = spark.add_subparsers(dest="spark_command", metavar="JOB", required=True)

    p = jobs.add_parser("analyze", help="analyse the files of a manifest into Parquet",
                        description="Analyse every record of the files listed in the "
                        "manifest (one path or s3/hdfs/https URL per line) and write one "
                        "Parquet table per ledger table, plus errors, under --out.")
    p.add_argument("--manifest", required=True, metavar="FILE",
                   help="text file listing input files or folders, one per line")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (Parquet)")
    _master_argument(p)
    p.add_argument("--partitions", type=int, default=None, metavar="N",
                   help="number of tasks the file list is split into (default: 4 per core)")
    p.add_argument("--model", default=None, metavar="NAME", help="spaCy model to use")
    p.set_defaults(func=run_analyze)

    p = jobs.add_parser("link", help="link the claims of `spark analyze` output",
                        description="Cluster the claims of the Parquet tables under --in "
                        "and write claim_clusters, link_edges, link_origins, "
                        "link_contradictions and link_runs under --out.")
    p.add_argument("--in", dest="folder", required=True, metavar="DIR",
                   help="the --out folder of `spark analyze`")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="output folder (may be the same as --in)")
    _master_argument(p)
    p.set_defaults(func=run_link)

    p = subparsers.add_parser(
        "load", help="load Spark Parquet output into a ledger database",
        description="Write the tables of `spark analyze` (and of `spark link`, when found "
        "in the folder or given with --links) into the ledger; resumable and idempotent.")
    p.add_argument("folder", metavar="PARQUET_DIR", help="the --out folder of spark analyze")
    p.add_argument("--links", metavar="DIR", default=None,
                   help="the --out folder of spark link (default: PARQUET_DIR)")
    p.add_argument("--db", metavar="URL", default=os.environ.get("CLAIMLEDGER_DB", DEFAULT_URL),
                   help="ledger database: a SQLite path, sqlite:///PATH or postgresql://... "
                   "(default: $CLAIMLEDGER_DB or ledger.db)")
    p.set_defaults(func=run_load)


def _master_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--master", default=None, metavar="URL",
                        help="Spark master, e.g. local[2] (default: spark-submit's)")


def run_analyze(args: argparse.Namespace) -> int:
    from claimledger.spark.job_analyze import analyze_manifest

    report = analyze_manifest(args.manifest, args.out, master=args.master,
                              partitions=args.partitions, model=args.model)
    print(json.dumps(report.to_dict()))
    for line in report.failures:
        print(f"claimledger: error: {line}", file=sys.stderr)
    return 1 if report.records_failed else 0


def run_link(args: argparse.Namespace) -> int:
    from claimledger.spark.job_link import link_parquet

    print(json.dumps(link_parquet(args.folder, args.out, master=args.master).to_dict()))
    return 0


def run_load(args: argparse.Namespace) -> int:
    from claimledger.ledger.store import open_store
    from claimledger.spark.load import load

    store = open_store(args.db)
    try:
        report = load(args.folder, store, links=args.links)
    finally:
        store.close()
    print(json.dumps(report.to_dict()))
    if not report.linked:
        print("claimledger: no spark link tables found; run `claimledger link` or "
              "`claimledger spark link` to cluster the claims", file=sys.stderr)
    return 0
