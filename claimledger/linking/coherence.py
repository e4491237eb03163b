"""Clusters that stay coherent: accepted pairs do not chain claims together.

The pair rule decides pairs. Their connected components are transitive: A ~ B and
B ~ C put A and C in one cluster even when A and C say different things (a template
sentence with different figures, one person doing two things). So a component is only
where clusters are looked for, and inside it a text joins a cluster only when it is
close to the cluster *as a whole*:

- texts are visited in the drivers' text order (the time of each text's earliest
  observation), so the result depends on the inputs only, never on their order;
- a text may join only a cluster it has an accepted pair with;
- among those, it joins the one whose members are closest on average: the mean cosine of
  the text to the cluster's members, ``v . sum(members) / size`` (average link, from a
  running vector sum, so one join costs one dot product however large the cluster);
- a cluster of two or more accepts it only when that mean is >= ``cluster_cosine``;
  a cluster of one accepts any text its pair decision linked to it (that decision is
  already about the pair as a whole);
- a text that joins nothing starts a cluster.

Cost: O(links + texts x clusters linked x dimensions) per component; a wire sentence
copied in a thousand outlets is one distinct text, so components stay small.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from claimledger.linking.observation import Thresholds

FloatArray = npt.NDArray[np.float32]


def coherent_clusters(vectors: FloatArray, links: Iterable[tuple[int, int]],
                      limits: Thresholds) -> list[list[int]]:
    """The coherent clusters of one component: lists of local text indices (rows of
    ``vectors``, L2-normalised, in the drivers' text order), each ascending, listed by
    their first text. ``links``: the accepted pairs between those texts."""
    n = len(vectors)
    earlier: list[list[int]] = [[] for _ in range(n)]
    for a, b in links:
        if a != b:
            earlier[max(a, b)].append(min(a, b))
    label = [-1] * n
    members: list[list[int]] = []
    sums: list[npt.NDArray[np.float64]] = []
    rows = np.asarray(vectors, dtype=np.float64)
    for i in range(n):
        best, best_mean = -1, -np.inf
        for c in sorted({label[j] for j in earlier[i]}):
            size = len(members[c])
            mean = float(rows[i] @ sums[c]) / size
            if (size == 1 or mean >= limits.cluster_cosine) and mean > best_mean:
                best, best_mean = c, mean
        if best < 0:
            best = len(members)
            members.append([])
            sums.append(np.zeros(rows.shape[1], dtype=np.float64))
        label[i] = best
        members[best].append(i)
        sums[best] += rows[i]
    return members
