"""Writes breast_cancer.csv, wine.csv and digits.csv here from the files Debian's python3-sklearn ships.

usage: /usr/bin/python3 convert_sklearn.py [SKLEARN_DATA_DIR]    (default: the installed sklearn/datasets/data)

breast_cancer.csv and wine_data.csv start with a line "n_samples,n_features,class names..."; every row ends with the class
index (digits.csv.gz has no such line; its last cell is the digit).
Cells are copied as text (no value is parsed or reformatted); the first line becomes a header of scikit-learn's
feature names (spaces and "/" made "_") and the class index becomes the class name in a target column.
"""
import csv
import gzip
import os
import sys

import sklearn.datasets


def names(loader):
    return [name.replace(" ", "_").replace("/", "_") for name in loader().feature_names]


def convert(source, target_name, feature_names, class_name, output):
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", newline="") as f:
        rows = list(csv.reader(f))
    first, body = rows[0], rows[1:]
    labels = first[2:]
    if int(first[0]) != len(body) or len(feature_names) != len(body[0]) - 1:
        raise SystemExit(f"{source}: unexpected shape {first[:2]} vs {len(body)} rows")
    with open(output, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(feature_names + [target_name])
        for row in body:
            writer.writerow(row[:-1] + [class_name(labels, row[-1])])
    print(f"{os.path.basename(output)}: {len(body)} rows x {len(feature_names)} features + {target_name}")


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")
    here = os.path.dirname(os.path.abspath(__file__))
    by_name = lambda labels, index: labels[int(index)]
    convert(os.path.join(data, "breast_cancer.csv"), "diagnosis", names(sklearn.datasets.load_breast_cancer), by_name,
            os.path.join(here, "breast_cancer.csv"))
    convert(os.path.join(data, "wine_data.csv"), "cultivar", names(sklearn.datasets.load_wine), by_name,
            os.path.join(here, "wine.csv"))
    # digits.csv.gz has no header line of its own: every row is 64 pixels and the digit.
    with gzip.open(os.path.join(data, "digits.csv.gz"), "rt", newline="") as f:
        body = list(csv.reader(f))
    feature_names = names(sklearn.datasets.load_digits)
    with open(os.path.join(here, "digits.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(feature_names + ["digit"])
        for row in body:
            if len(row) != len(feature_names) + 1 or not row[-1].isdigit():
                raise SystemExit(f"digits.csv.gz: unexpected row {row[:3]}...")
            writer.writerow(row)
    print(f"digits.csv: {len(body)} rows x {len(feature_names)} features + digit")


if __name__ == "__main__":
    main()
