"""``spark analyze`` throughput in local[1] vs local[2], and Spark's start-up overhead.

Each configuration runs in its own process (one Spark session each): session start,
then an empty manifest (start-up overhead: session + first task), then a small warm-up
job that starts the Python workers and loads the model in each (reported as
``worker_warmup_seconds``: on a cluster that is paid once per executor, not per
article), then the same input files analysed into Parquet: the 120 Wikinews articles
and the 181 pages of the HTML benchmark. Throughput counts analysed records per second
of that job. The load average is printed too: on a shared machine it explains much of
the variance.

    SPARK_LOCAL_IP=127.0.0.1 .venv/bin/python benchmarks/bench_spark.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WARMUP_FILES = 4


def child(master: str, files: list[str], partitions: int) -> dict[str, float]:
    """One configuration, measured in this process."""
    from claimledger.spark.job_analyze import analyze_files
    from claimledger.spark.session import spark_session

    started = time.perf_counter()
    spark = spark_session(master)
    session_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        first = time.perf_counter()
        analyze_files(spark, [], str(Path(folder) / "empty"))
        empty_seconds = time.perf_counter() - first
        warm = time.perf_counter()
        analyze_files(spark, files[:WARMUP_FILES], str(Path(folder) / "warm"),
                      partitions=WARMUP_FILES)
        warmup_seconds = time.perf_counter() - warm
        run = time.perf_counter()
        report = analyze_files(spark, files, str(Path(folder) / "out"), partitions=partitions)
        seconds = time.perf_counter() - run
    spark.stop()
    return {"session_start_seconds": round(session_seconds, 2),
            "empty_manifest_seconds": round(empty_seconds, 2),
            "startup_overhead_seconds": round(session_seconds + empty_seconds, 2),
            "worker_warmup_seconds": round(warmup_seconds, 2),
            "articles": report.records_ok, "analyze_seconds": round(seconds, 2),
            "articles_per_second": round(report.records_ok / seconds, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=301, help="input files to use")
    parser.add_argument("--partitions", type=int, default=16, help="tasks per run")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    inputs = [*sorted((CORPUS / "wikinews").glob("*.txt")),
              *sorted((CORPUS / "html-benchmark" / "html").glob("*.html.gz"))]
    files = [str(p) for p in inputs[:args.articles]]
    if args.child:
        print(json.dumps(child(args.child, files, args.partitions)))
        return 0
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    results: dict[str, object] = {"input": f"{len(files)} files (Wikinews, HTML benchmark)",
                                  "load_average_before": os.getloadavg()[0]}
    for master in ("local[1]", "local[2]"):
        done = subprocess.run([sys.executable, __file__, "--child", master,
                               "--articles", str(args.articles),
                               "--partitions", str(args.partitions)],
                              capture_output=True, text=True, env=env, check=True)
        results[master] = json.loads(done.stdout.strip().splitlines()[-1])
    one, two = results["local[1]"], results["local[2]"]
    assert isinstance(one, dict) and isinstance(two, dict)
    results["speedup_local2_over_local1"] = round(
        two["articles_per_second"] / one["articles_per_second"], 2)
    results["load_average_after"] = os.getloadavg()[0]
    results["cpu_count"] = os.cpu_count()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
