"""Starting (or joining) the Spark session the jobs run in.

Under ``spark-submit`` the master, executors and their settings come from the command
line and ``getOrCreate`` joins that session; ``master`` is only for local runs and tests
(``local[2]``). Python workers are reused between tasks
(``spark.python.worker.reuse``), so each worker loads the spaCy model and the embedder
once, not once per task.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

APP_NAME = "claimledger"


def spark_session(master: str | None = None, *, app_name: str = APP_NAME,
                  shuffle_partitions: int | None = None,
                  conf: Mapping[str, str] | None = None) -> Any:
    """A ``SparkSession``; ``master`` (e.g. ``local[2]``) overrides spark-submit's and
    ``conf`` adds settings (the tests use it to make every Python shuffle spill)."""
    from pyspark.sql import SparkSession

    # Local runs: the workers must use this interpreter (the one with claimledger).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = builder.config("spark.ui.enabled", "false")
            cores = _local_cores(master)
            builder = builder.config("spark.sql.shuffle.partitions",
                                     str(shuffle_partitions or max(2, cores * 2)))
    elif shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    builder = builder.config("spark.python.worker.reuse", "true").config(
        "spark.ui.showConsoleProgress", "false")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def _local_cores(master: str) -> int:
    inside = master[master.find("[") + 1:master.find("]")] if "[" in master else "1"
    if inside.strip() == "*":
        return os.cpu_count() or 1
    try:
        return max(1, int(inside.split(",")[0]))
    except ValueError:
        return 1
