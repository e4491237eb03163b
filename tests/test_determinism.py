"""The same article always gets the same analysis, whatever the process.

Python randomises string hashing per process, so any result that depends on the order
of a set or a dict built from a set can change between runs, between ingest and Spark
workers, and between a laptop and a cluster. Two processes with different hash seeds
must print byte-identical JSON for real articles.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from conftest import CORPUS, SEED, WIKINEWS


def _analysis_digest(hash_seed: str, paths: list[str]) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-m", "claimledger", "analyze", "--format",
                           "jsonl", *paths], env=env, capture_output=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.count(b"\n") == len(paths)
    return hashlib.sha256(done.stdout).hexdigest()


def test_analysis_does_not_depend_on_the_hash_seed() -> None:
    pages = sorted((CORPUS / "html-benchmark" / "html").glob("*.html.gz"))[:30]
    articles = sorted(WIKINEWS.glob("*.txt"))[:20]
    paths = [str(p) for p in [SEED, *articles, *pages]]
    assert _analysis_digest("1", paths) == _analysis_digest("2", paths)
