"""The preprocess benchmark's peer: the same steps with pandas + scikit-learn, and a cell-by-cell comparison.

usage: python3 preprocess_sklearn.py run INPUT OUTPUT      prints "seconds peak_bytes"
       python3 preprocess_sklearn.py compare OURS THEIRS   prints "cells mismatches" (numbers equal within 1e-9 relative)
"""
import itertools
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

MISSING = ["", "NA", "N/A", "n/a", "na", "null", "NULL", "Null", "NaN", "nan", "None", "none", "-", "?"]
STRINGS = ["colour", "plan", "country", "customer", "session", "active", "verified", "signed_up", "last_seen", "comment"]
MEDIAN_SCALED = ["amount", "price", "ratio", "count", "age"]
SCALED = ["score", "visits", "latitude"]
MEDIAN = ["rating"]
FREQUENT_ONE_HOT = ["country", "verified"]
ONE_HOT = ["colour", "plan"]
DROPPED = ["id", "customer", "session", "comment", "last_seen", "signed_up"]
PARTS = {"year": "year", "month": "month", "day": "day", "day_of_week": "dayofweek"}


def run(source, target):
    started = time.perf_counter()
    df = pd.read_csv(source, na_values=MISSING, keep_default_na=False, dtype={c: str for c in STRINGS})
    dates = pd.to_datetime(df["signed_up"], format="%Y-%m-%d")
    for part, attribute in PARTS.items():
        df["signed_up_" + part] = getattr(dates.dt, attribute)
    one_hot = lambda: OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    transformer = ColumnTransformer([
        ("median_scaled", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), MEDIAN_SCALED),
        ("scaled", StandardScaler(), SCALED),
        ("median", SimpleImputer(strategy="median"), MEDIAN),
        ("frequent", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("encode", one_hot())]), FREQUENT_ONE_HOT),
        ("one_hot", one_hot(), ONE_HOT),
        ("drop", "drop", DROPPED),
    ], remainder="passthrough", verbose_feature_names_out=False)
    out = transformer.fit_transform(df)
    pd.DataFrame(out, columns=transformer.get_feature_names_out()).to_csv(target, index=False)
    seconds = time.perf_counter() - started
    print(f"{seconds} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}")


def compare(ours_path, theirs_path):
    read = lambda path: pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=250_000)
    cells = mismatches = rows = 0
    for ours, theirs in itertools.zip_longest(read(ours_path), read(theirs_path)):
        if ours is None or theirs is None or sorted(ours.columns) != sorted(theirs.columns) or len(ours) != len(theirs):
            print(f"shape differs after {rows} rows: ours {None if ours is None else list(ours.columns)}, theirs {None if theirs is None else list(theirs.columns)}")
            sys.exit(1)
        for column in ours.columns:
            a, b = ours[column], theirs[column]
            x, y = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
            numeric = x.notna() & y.notna()
            close = np.abs(x - y) <= 1e-9 * np.maximum(np.abs(x), np.abs(y)) + 1e-12
            same = (numeric & close) | (~numeric & (a.str.lower() == b.str.lower()))
            bad = int((~same).sum())
            if bad:
                first = (~same).idxmax()
                print(f"{column}: {bad} differ, e.g. row {first}: ours {a[first]!r}, theirs {b[first]!r}")
            cells += len(a)
            mismatches += bad
        rows += len(ours)
    print(f"{cells} {mismatches}")


if __name__ == "__main__":
    {"run": run, "compare": compare}[sys.argv[1]](sys.argv[2], sys.argv[3])
