"""Connected components of a graph held as a Spark RDD of edges.

Alternating Large-Star and Small-Star (Kiveris et al., "Connected Components in
MapReduce and Beyond", SoCC 2014): each round links every node to the smallest node it
can see, so components become stars around their smallest node in O(log^2 n) rounds,
without ever gathering the graph on one machine. Edges are kept as ``(child, parent)``
with ``child > parent``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from claimledger.errors import SparkJobError

MAX_ROUNDS = 200


def _large_star(edges: Any, parts: int) -> Any:
    """Each node's larger neighbours are re-attached to its smallest neighbour (or it)."""

    def step(item: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
        node, neighbours = item[0], list(item[1])
        lowest = min(node, *neighbours)
        return [(v, lowest) for v in neighbours if v > node]

    both = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])])
    return both.groupByKey(parts).flatMap(step).distinct(parts)


def _small_star(edges: Any, parts: int) -> Any:
    """Each node and its smaller neighbours are attached to the smallest of them."""

    def step(item: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
        node, smaller = item[0], list(item[1])
        lowest = min(node, *smaller)
        return [(v, lowest) for v in [*smaller, node] if v != lowest]

    return edges.groupByKey(parts).flatMap(step).distinct(parts)


def connected_components(pairs: Any, parts: int) -> Any:
    """``(node, smallest node of its component)`` for every node of an edge in ``pairs``
    (an RDD of ``(a, b)``) in ``parts`` partitions; nodes without edges are not in the
    result."""
    from pyspark import StorageLevel

    edges = pairs.map(lambda e: (max(e), min(e))).filter(lambda e: e[0] != e[1]).distinct(
        parts)
    edges = edges.persist(StorageLevel.MEMORY_AND_DISK)
    for _ in range(MAX_ROUNDS):
        nxt = _small_star(_large_star(edges, parts), parts).persist(
            StorageLevel.MEMORY_AND_DISK)
        unchanged = nxt.subtract(edges).isEmpty() and edges.subtract(nxt).isEmpty()
        edges.unpersist()
        edges = nxt
        if unchanged:
            break
    else:
        raise SparkJobError(f"connected components did not converge in {MAX_ROUNDS} "
                            "rounds; report this graph as a bug")
    roots = edges.map(lambda e: (e[1], e[1])).distinct(parts)
    return edges.union(roots)
