"""Fits the plan's cost model (MlWorkflow.Engine/Training/TrialCost.cs) to the trials of train benchmark runs.

usage: /usr/bin/python3 fit_cost.py [--wall] TRIALS.csv [MORE.csv ...]

The CSVs are what `train --trials FILE.csv` writes (Train/TrialCsv.cs): one line per trial with its fits, the rows
of each fit, the encoded features, the classes, the hyper-parameters and the measured seconds, in the process's CPU
time (the default here: what an unloaded core takes, whatever else runs on the machine) and on the wall clock
(--wall). Per trainer, one fit's seconds (a trial's seconds over its fits) are modelled as

    overhead + scale * rows ** a * (features * feature fraction) ** b * classes ** c * prod(driver ** exponent)

(classes: a multiclass task's, else 1; leaves: the fewer of NumberOfLeaves and rows / MinimumExampleCountPerLeaf),
and the constants are found by least squares on the log of the seconds (robust: soft L1 beyond a factor 1.6), so that
a trial 2x too slow weighs as much as one 2x too fast whatever its size. The exponents are pulled weakly towards their textbook values (rows 1,
features 1, classes 1, trees/iterations 1, leaves 0.5) so that a trainer whose trials barely vary one of them still
gets a sane one. Prints the C# table for TrialCost.cs and how well it fits: per trial, and per dataset the mean of the trials.
"""
import csv
import math
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import least_squares

# Per trainer: its drivers (hyper-parameter, textbook exponent) and whether classes multiply its work.
TRAINERS = {
    "LightGbm": ([("NumberOfIterations", 1.0), ("NumberOfLeaves", 0.5)], True),
    "FastTree": ([("NumberOfTrees", 1.0), ("NumberOfLeaves", 0.5)], True),
    "FastForest": ([("NumberOfTrees", 1.0), ("NumberOfLeaves", 0.5)], True),
    "LbfgsLogisticRegression": ([], False),
    "LbfgsMaximumEntropy": ([], True),
    "SdcaLogisticRegression": ([], False),
    "SdcaMaximumEntropy": ([], True),
    "Sdca": ([], False),
    "OnlineGradientDescent": ([("NumberOfIterations", 1.0)], False),
    "LbfgsPoissonRegression": ([], False),
}
PRIOR = 0.3  # weight of the pull towards the textbook exponents, in log-seconds per unit of exponent


def read(paths, column="cpu_seconds"):
    trials = []
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["failed"] == "1" or row.get(column, "NaN") == "NaN":
                    continue
                row["params"] = {k: float(v) for k, v in (p.split("=") for p in row["hyperparameters"].split(";") if p)}
                row["measured"] = float(row[column])
                row["per_fit"] = row["measured"] / int(row["fits"])
                trials.append(row)
    return trials


def design(trial, drivers, per_class):
    rows = int(trial["fit_rows"])
    p = trial["params"]
    features = max(1.0, int(trial["features"]) * p.get("FeatureFraction", 1.0))
    classes = max(1, int(trial["classes"])) if per_class and trial["task"] == "multiclass" else 1
    values = []
    for name, _ in drivers:
        value = p[name]
        if name == "NumberOfLeaves" and "MinimumExampleCountPerLeaf" in p:
            value = min(value, max(2, rows // max(1, int(p["MinimumExampleCountPerLeaf"]))))
        values.append(max(value, 1e-9))
    return math.log(max(1, rows)), math.log(features), math.log(classes), [math.log(v) for v in values]


def predict(theta, x, n_drivers):
    log_overhead, log_scale, row_exp, feature_exp, class_exp = theta[:5]
    driver_exp = theta[5:5 + n_drivers]
    log_rows, log_features, log_classes, log_drivers = x
    work = log_scale + row_exp * log_rows + feature_exp * log_features + class_exp * log_classes + sum(e * d for e, d in zip(driver_exp, log_drivers))
    return np.logaddexp(log_overhead, work)  # log(overhead + e^work)


def fit(trials, drivers, per_class):
    xs = [design(t, drivers, per_class) for t in trials]
    y = np.array([math.log(t["per_fit"]) for t in trials])
    prior = np.array([1.0, 1.0, 1.0 if per_class else 0.0] + [e for _, e in drivers])

    def residuals(theta):
        fitted = np.array([predict(theta, x, len(drivers)) for x in xs])
        return np.concatenate([fitted - y, PRIOR * (theta[2:] - prior) * math.sqrt(len(y))])

    start = np.concatenate([[math.log(0.01), math.log(1e-7)], prior])
    lower = [math.log(1e-4), -40, 0, 0, 0] + [-1.0] * len(drivers)
    upper = [math.log(5), 5, 2, 2, 2 if per_class else 1e-9] + [2.0] * len(drivers)
    # soft_l1: a trial far off (a background compilation, a collection landing in it) weighs less than its square.
    result = least_squares(residuals, start, bounds=(lower, upper), loss="soft_l1", f_scale=0.5)
    fitted = np.array([predict(result.x, x, len(drivers)) for x in xs])
    return result.x, fitted, y


def main(args):
    wall = "--wall" in args
    trials = read([a for a in args if a != "--wall"], "seconds" if wall else "cpu_seconds")
    by_trainer = defaultdict(list)
    for t in trials:
        by_trainer[t["trainer"]].append(t)
    lines, report = [], []
    for trainer, (drivers, per_class) in TRAINERS.items():
        own = by_trainer.get(trainer, [])
        if len(own) < 5:
            report.append(f"{trainer}: {len(own)} trials, not fitted")
            continue
        theta, fitted, y = fit(own, drivers, per_class)
        error = fitted - y
        within = np.mean(np.abs(error) <= math.log(2))
        report.append(f"{trainer}: {len(own)} trials on {len({t['dataset'] for t in own})} datasets, per-trial log error rms "
                      f"{math.sqrt(np.mean(error ** 2)):.2f}, {within:.0%} within 2x")
        per_dataset = defaultdict(lambda: [0.0, 0.0, 0])
        for t, f in zip(own, fitted):
            d = per_dataset[t["dataset"]]
            d[0] += math.exp(f) * int(t["fits"])
            d[1] += t["measured"]
            d[2] += 1
        for dataset, (planned, measured, count) in per_dataset.items():
            report.append(f"    {dataset:22} mean of its {count:3} trials: model {planned / count:7.3f} s, measured {measured / count:7.3f} s, ratio {planned / measured:5.2f}")
        e = [0.0 if abs(x) < 1e-6 else x for x in theta[2:]]
        driver_text = "".join(f", (\"{name}\", {x:.3g})" for (name, _), x in zip(drivers, e[3:]))
        lines.append(f"        [MlNetTrainers.{trainer}] = new({math.exp(theta[0]):.3g}, {math.exp(theta[1]):.4g}, {e[0]:.3g}, {e[1]:.3g}, {e[2]:.3g}{driver_text}),")
    print("\n".join(report))
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
