"""Reading one manifest location, local or remote, as ``InputItem`` records.

Remote files (s3://, hdfs://, https://, ...) are streamed to a temporary local file and
read by the same input layer as local ones; keys keep the remote location, so a record
is named by where it really lives.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from claimledger.inputs import InputFailure, InputItem, iter_inputs
from claimledger.spark.manifest import REMOTE_SCHEMES

CHUNK = 1 << 20


def iter_location(location: str) -> Iterator[InputItem]:
    """Every record of one file location; failures are items, never exceptions."""
    scheme = urlsplit(location).scheme.lower()
    if scheme not in REMOTE_SCHEMES:
        yield from iter_inputs([location])
        return
    suffix = "".join(_suffixes(location))
    handle, local = tempfile.mkstemp(prefix="claimledger-", suffix=suffix)
    os.close(handle)
    try:
        try:
            _download(location, local)
        except Exception as exc:  # any transport error is this input's failure
            failure = InputFailure(location, f"cannot read remote file: {exc}")
            yield InputItem(location, None, failure)
            return
        for item in iter_inputs([local]):
            yield _renamed(item, local, location)
    finally:
        os.unlink(local)


def _suffixes(location: str) -> list[str]:
    name = urlsplit(location).path.rsplit("/", 1)[-1]
    parts = name.split(".")[1:]
    return [f".{p}" for p in parts[-2:]]


def _download(location: str, target: str) -> None:
    scheme = urlsplit(location).scheme.lower()
    if scheme in ("http", "https"):
        import httpx

        with httpx.stream("GET", location, timeout=60, follow_redirects=True) as response, \
                open(target, "wb") as out:
            response.raise_for_status()
            for chunk in response.iter_bytes(CHUNK):
                out.write(chunk)
        return
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(location)
    with filesystem.open_input_stream(path) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def _renamed(item: InputItem, local: str, location: str) -> InputItem:
    key = item.key.replace(local, location, 1)
    failure = item.failure
    if failure is not None:
        failure = replace(failure, name=failure.name.replace(local, location, 1))
    document = item.document
    if document is not None and document.path == local:
        document = replace(document, path=location)
    return replace(item, key=key, failure=failure, document=document)
