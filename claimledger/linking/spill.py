"""On-disk arrays for linking whose memory must not grow with the corpus (``external``).

- ``RowFile``: a matrix written row batch by row batch and read back by row numbers
  with ``preadv``, one call per run of consecutive rows. Why not a memory map: file
  pages a process maps count in its resident memory, and Linux maps up to 16 cached
  neighbours of every page a read touches ("fault-around"), so gathering 4096 random
  rows of a memory-mapped 200 MB matrix made the process 190 MB larger (measured);
  reads copy just the rows, and the page cache still makes them cheap.
- ``Partitions``: integer records split by a key into files, so each part can be
  loaded and processed alone (block memberships by block key; candidate pairs by the
  range of their first member).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FLUSH_RECORDS = 1 << 18  # records all parts buffer in memory before writing them out


class RowFile:
    """A ``rows x width`` matrix of ``dtype`` on disk: ``append`` while writing, then
    ``take``/``rows`` after ``finish``."""

    def __init__(self, path: Path, dtype: npt.DTypeLike, width: int) -> None:
        self.path = path
        self.dtype = np.dtype(dtype)
        self.width = width
        self.row_bytes = self.dtype.itemsize * width
        self.count = 0
        self._out: Any = path.open("wb")
        self._fd: int | None = None

    def append(self, rows: npt.NDArray[Any]) -> None:
        block = np.ascontiguousarray(rows, dtype=self.dtype).reshape(-1, self.width)
        self._out.write(block.tobytes())
        self.count += len(block)

    def finish(self) -> None:
        """Stop writing and open the file for reading."""
        self._out.close()
        self._fd = os.open(self.path, os.O_RDONLY)

    def take(self, rows: IntArray) -> npt.NDArray[Any]:
        """A copy of the given rows, in the given order: one read per run of
        consecutive row numbers among them."""
        rows = np.asarray(rows, dtype=np.int64)
        unique, inverse = np.unique(rows, return_inverse=True)
        if not len(unique):
            return np.empty((0, self.width), dtype=self.dtype)
        breaks = np.flatnonzero(np.diff(unique) != 1) + 1
        starts = unique[np.concatenate(([0], breaks))]
        lengths = np.diff(np.concatenate(([0], breaks, [len(unique)])))
        buffer = bytearray(len(unique) * self.row_bytes)
        view = memoryview(buffer)
        position = 0
        for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
            size = length * self.row_bytes
            self._read_into(view[position:position + size], start)
            position += size
        found = np.frombuffer(buffer, dtype=self.dtype).reshape(-1, self.width)
        return np.asarray(found[inverse.reshape(-1)])

    def rows(self, start: int, stop: int) -> npt.NDArray[Any]:
        """A copy of rows ``start:stop``."""
        stop = min(stop, self.count)
        buffer = bytearray(max(stop - start, 0) * self.row_bytes)
        if buffer:
            self._read_into(memoryview(buffer), start)
        return np.frombuffer(buffer, dtype=self.dtype).reshape(-1, self.width)

    def _read_into(self, view: memoryview, row: int) -> None:
        assert self._fd is not None, "finish() before reading"
        done = 0
        while done < len(view):  # a read may return less than asked
            got = os.preadv(self._fd, [view[done:]], row * self.row_bytes + done)
            if got == 0:
                raise EOFError(f"{self.path} ends before row {row}")
            done += got

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if not self._out.closed:
            self._out.close()


class Partitions:
    """Records of ``width`` int64 columns written to ``parts`` files by a part number.

    Records are buffered in memory up to ``FLUSH_RECORDS`` in all (not per part: with
    hundreds of parts a per-part buffer would make memory grow with the corpus again),
    then every part's buffer is appended to its file.
    """

    def __init__(self, directory: Path, name: str, parts: int, width: int) -> None:
        self.paths = [directory / f"{name}-{p:05d}.bin" for p in range(parts)]
        self.width = width
        self._buffers: list[list[IntArray]] = [[] for _ in range(parts)]
        self._buffered = 0
        for path in self.paths:
            path.write_bytes(b"")

    @property
    def parts(self) -> int:
        return len(self.paths)

    def add(self, part_of: IntArray, records: IntArray) -> None:
        """Append ``records`` (``k x width``) to the parts ``part_of`` (``k``) names."""
        if not len(records):
            return
        order = np.argsort(part_of, kind="stable")
        part_of, records = part_of[order], records[order]
        bounds = np.flatnonzero(np.diff(part_of)) + 1
        starts = np.concatenate(([0], bounds))
        stops = np.concatenate((bounds, [len(part_of)]))
        for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
            self._buffers[int(part_of[start])].append(records[start:stop])
        self._buffered += len(records)
        if self._buffered >= FLUSH_RECORDS:
            self.finish()

    def finish(self) -> None:
        """Write every buffered record to its part's file."""
        for p, blocks in enumerate(self._buffers):
            if blocks:
                with self.paths[p].open("ab") as out:
                    for block in blocks:
                        out.write(np.ascontiguousarray(block, dtype=np.int64).tobytes())
                self._buffers[p] = []
        self._buffered = 0

    def read(self, p: int) -> IntArray:
        """All records of part ``p`` (``k x width``), in the order they were added."""
        data = np.fromfile(self.paths[p], dtype=np.int64)
        return data.reshape(-1, self.width)

    def __iter__(self) -> Iterator[IntArray]:
        for p in range(self.parts):
            yield self.read(p)
            os.truncate(self.paths[p], 0)  # read once: give the disk back


def key_parts(keys: IntArray, parts: int) -> IntArray:
    """A part number per block key: a multiplicative hash, so small consecutive keys
    (token ids, SimHash codes) spread over all parts too."""
    with np.errstate(over="ignore"):
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return np.asarray((mixed >> np.uint64(33)) % np.uint64(parts), dtype=np.int64)


def release_freed_memory() -> None:
    """Hand memory freed by the last step back to the operating system.

    Why: glibc raises its mmap threshold after large arrays are freed, so the next ones
    come from the heap, and a heap fragmented by many small objects is not shrunk;
    without this the resident size after a step stays near that step's peak.
    ``malloc_trim`` is glibc's; elsewhere this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return cast(Callable[[int], int], libc.malloc_trim)
    except (OSError, AttributeError):
        return None
