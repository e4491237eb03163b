"""The manifest: the list of input files a Spark job partitions.

One location per line (``#`` starts a comment): a local path, ``file://``, ``s3://``,
``hdfs://`` or ``https://`` URL, of a WARC/ARC file, a JSONL dump, a feed, an article
file or a directory of them. Directories are expanded on the driver into the files our
input layer reads, so that Spark balances files, not folders, across tasks.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from claimledger.errors import InputNotFound
from claimledger.inputs.paths import expand, kind_of

REMOTE_SCHEMES = ("s3", "s3a", "hdfs", "gs", "abfs", "http", "https")


def read_manifest(path: str) -> list[str]:
    """The locations listed in the manifest file ``path``, directories expanded."""
    manifest = Path(path)
    if not manifest.is_file():
        raise InputNotFound(path, "manifest not found: give a text file listing one input per line")
    entries: list[str] = []
    for raw in manifest.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            entries.extend(expand_location(line, base=manifest.parent))
    seen: set[str] = set()
    unique = [e for e in entries if not (e in seen or seen.add(e))]  # type: ignore[func-returns-value]
    return unique


def expand_location(location: str, *, base: Path | None = None) -> list[str]:
    """One manifest entry as a list of file locations."""
    scheme = urlsplit(location).scheme.lower()
    if scheme in REMOTE_SCHEMES:
        return _expand_remote(location) if location.endswith("/") else [location]
    local = Path(location[len("file://"):] if scheme == "file" else location)
    if not local.is_absolute() and base is not None and not local.exists():
        local = base / local
    # The input layer decides what a directory holds, exactly as for ``ingest``; a
    # missing path stays in the list so that its task reports it as a failed input.
    return [item.name for item in expand([str(local)])]


def _expand_remote(prefix: str) -> list[str]:
    """Files below a remote folder (``s3://bucket/prefix/``), via pyarrow's filesystems."""
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(prefix)
    scheme = urlsplit(prefix).scheme
    selector = fs.FileSelector(root, recursive=True)
    return sorted(f"{scheme}://{info.path}" for info in filesystem.get_file_info(selector)
                  if info.type == fs.FileType.File and kind_of(info.path) is not None)
