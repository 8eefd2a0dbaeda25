"""scikit-learn's KMeans on the same standardised features as warung, for BENCHMARKS.md.

    cargo run --release --example segments_reference -- /tmp/segments.csv
    python3 benches/sklearn_kmeans.py /tmp/segments.csv

Prints sklearn's time (k-means++ init, 10 restarts, like warung) and the agreement
between the two clusterings: adjusted Rand index, and the share of customers in the
same cluster after matching cluster labels (best permutation).
"""
import itertools
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/segments.csv"
data = np.loadtxt(path, delimiter=",", skiprows=1)
features, ours = data[:, :3], data[:, 3].astype(int)
started = time.perf_counter()
model = KMeans(n_clusters=3, init="k-means++", n_init=10, random_state=0).fit(features)
took = time.perf_counter() - started
theirs = model.labels_
k = 3
best = max(
    (np.mean(np.array(perm)[theirs] == ours), perm) for perm in itertools.permutations(range(k))
)
ours_inertia = sum(((features[ours == c] - features[ours == c].mean(axis=0)) ** 2).sum() for c in range(k))
print(f"sklearn KMeans (k=3, n_init=10), {len(ours)} customers: {took:.3f} s")
print(f"inertia: sklearn {model.inertia_:.3f}, warung {ours_inertia:.3f}")
print(f"adjusted Rand index: {adjusted_rand_score(ours, theirs):.4f}")
print(f"same cluster after matching labels: {best[0] * 100:.2f}%")
