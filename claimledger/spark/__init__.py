"""Scale-out on Apache Spark: the same ``analyze()`` and linking, run by a cluster.

Follows the shape of Common Crawl's cc-pyspark jobs: the driver reads a manifest of input
files, Spark partitions that list, and each task streams its files' records through the
very library code the CLI uses (``claimledger.inputs`` and ``claimledger.analysis``),
emitting the ledger's rows (``claimledger.ledger.rows``). Output is one Parquet table per
ledger table; ``claimledger load`` writes them into SQLite or PostgreSQL.

pyspark is imported only inside the job functions, so the rest of claimledger works
without it.
"""

from __future__ import annotations

from claimledger.errors import SparkJobError

__all__ = ["SparkJobError"]
