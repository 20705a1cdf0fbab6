"""The peer of the drift benchmark: the same statistics with numpy and scipy on the exact reference data, as Evidently
computes them (wasserstein_distance / std, jensenshannon with natural logs, PSI with empty bins at 0.0001), on the bins
and categories our reference keeps (nearest-rank decile edges without repeats; the 100 most frequent categories + other).

usage: drift_scipy.py REFERENCE.csv LOGGED.csv RUNS  → JSON {"seconds": [...], "columns": {name: {...}}} on stdout.
Reading the CSV files into arrays is not timed: the timed part is the statistics from arrays in memory.
"""
import csv
import json
import sys
import time

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

TRUE = {"1", "true", "yes", "t", "y"}
FALSE = {"0", "false", "no", "f", "n"}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(cell):
    try:
        value = float(cell)
        return value if np.isfinite(value) else np.nan
    except ValueError:
        return np.nan


def boolean(cell):
    cell = cell.strip().lower()
    return "true" if cell in TRUE else "false" if cell in FALSE else None


def psi(reference, current):
    reference = np.where(reference == 0, 0.0001, reference)
    current = np.where(current == 0, 0.0001, current)
    return float(np.sum((reference - current) * np.log(reference / current)))


def numbers(reference, current):
    reference = reference[~np.isnan(reference)]
    current = current[~np.isnan(current)]
    ordered = np.sort(reference)
    n = len(ordered)
    edges = np.unique([ordered[round(i / 10 * (n - 1))] for i in range(11)])
    bins = max(1, len(edges) - 1)

    def shares(values):
        index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
        return np.bincount(index, minlength=bins) / len(values)

    distance = wasserstein_distance(reference, current) / max(float(np.std(reference)), 0.001)
    return distance, psi(shares(reference), shares(current))


def categories(reference, current):
    reference = [c for c in reference if c is not None]
    current = [c for c in current if c is not None]
    counts = {}
    for c in reference:
        counts[c] = counts.get(c, 0) + 1
    kept = [c for c, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:100]]
    slot = {c: i for i, c in enumerate(kept)}

    def shares(values):
        out = np.zeros(len(kept) + 1)
        for c in values:
            out[slot.get(c, len(kept))] += 1
        return out / len(values)

    p, q = shares(reference), shares(current)
    if p[-1] == 0 and q[-1] == 0:
        p, q = p[:-1], q[:-1]
    return float(jensenshannon(p, q)), psi(p, q)


def main():
    header, reference_rows = read(sys.argv[1])
    _, logged_rows = read(sys.argv[2])
    runs = int(sys.argv[3])
    kinds = json.loads(sys.argv[4])
    arrays = {}
    for i, name in enumerate(header):
        kind = kinds.get(name, "category")
        if kind == "number":
            arrays[name] = (kind, np.array([number(r[i]) for r in reference_rows]), np.array([number(r[i]) for r in logged_rows]))
        elif kind == "boolean":
            arrays[name] = (kind, [boolean(r[i]) for r in reference_rows], [boolean(r[i]) for r in logged_rows])
        else:
            arrays[name] = (kind, [r[i].strip() or None for r in reference_rows], [r[i].strip() or None for r in logged_rows])
    seconds, columns = [], {}
    for _ in range(runs):
        started = time.perf_counter()
        for name, (kind, reference, current) in arrays.items():
            distance, value = numbers(reference, current) if kind == "number" else categories(reference, current)
            columns[name] = {"distance": distance, "psi": value}
        seconds.append(time.perf_counter() - started)
    print(json.dumps({"seconds": seconds, "columns": columns}))


main()
