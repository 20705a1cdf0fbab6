"""The train benchmark's peer: scikit-learn's best of a linear model and HistGradientBoosting on the same split.

usage: python3 train_sklearn.py SPEC.json    prints one JSON line (see the end of main)

SPEC.json: {"train", "test", "target", "task" (binary|multiclass|regression), "numeric": [...], "categorical": [...],
"missing": [...], "seed", "predictions" (CSV path to write), "speed" (whether to time single-row and batch predictions)}.
The features are the ones our search used (numeric and categorical columns of our profile), so both sides learn from
the same inputs. Candidates: LogisticRegression / Ridge with median imputation, standard scaling and one-hot, and
HistGradientBoosting with its defaults (missing numbers handled natively, categories one-hot); the best mean score of
5-fold CV on the train split is refit on all of it, and predicts the test split. The benchmark runs it with
OMP_NUM_THREADS=1 (see TrainBenchmark.RunPeerAsync).
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import f1_score, mean_squared_error, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SCORING = {"binary": "roc_auc", "multiclass": "f1_macro", "regression": "neg_root_mean_squared_error"}


def read(path, spec):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=spec["missing"])
    for column in spec["numeric"]:
        df[column] = pd.to_numeric(df[column].str.strip(), errors="coerce")
    for column in spec["categorical"]:
        df[column] = df[column].str.strip().fillna("(missing)")
    y = df[spec["target"]].str.strip()
    return df[spec["numeric"] + spec["categorical"]], (y.astype(float) if spec["task"] == "regression" else y)


def candidates(spec):
    one_hot = lambda: OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    linear_features = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), spec["numeric"]),
        ("categorical", one_hot(), spec["categorical"]),
    ])
    tree_features = ColumnTransformer([("numeric", "passthrough", spec["numeric"]), ("categorical", one_hot(), spec["categorical"])])
    if spec["task"] == "regression":
        linear, boosting = ("Ridge", Ridge()), ("HistGradientBoostingRegressor", HistGradientBoostingRegressor(random_state=spec["seed"]))
    else:
        linear = ("LogisticRegression", LogisticRegression(max_iter=1000))
        boosting = ("HistGradientBoostingClassifier", HistGradientBoostingClassifier(random_state=spec["seed"]))
    return [(linear[0], Pipeline([("features", linear_features), ("model", linear[1])])),
            (boosting[0], Pipeline([("features", tree_features), ("model", boosting[1])]))]


def score(task, y, predictions, classes):
    if task == "binary":
        return roc_auc_score((y == classes[1]).astype(int), predictions[:, 1])
    if task == "multiclass":
        return f1_score(y, classes[np.argmax(predictions, axis=1)], average="macro")
    return float(np.sqrt(mean_squared_error(y, predictions)))


def speed(model, x_test, task):
    """Rows per second predicting one row at a time (a one-row DataFrame, as a service would) and in one batch."""
    predict = model.predict if task == "regression" else model.predict_proba
    rows = [x_test.iloc[[i]] for i in range(len(x_test))]
    for row in rows[:50]:
        predict(row)
    count = 1000
    started = time.perf_counter()
    for i in range(count):
        predict(rows[i % len(rows)])
    single = count / (time.perf_counter() - started)
    batch = pd.concat([x_test] * (10_000 // len(x_test) + 1), ignore_index=True).iloc[:10_000]
    predict(batch)
    started = time.perf_counter()
    predict(batch)
    return single, len(batch) / (time.perf_counter() - started)


def main(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    task = spec["task"]
    x_train, y_train = read(spec["train"], spec)
    x_test, y_test = read(spec["test"], spec)
    folds = (KFold if task == "regression" else StratifiedKFold)(n_splits=5, shuffle=True, random_state=spec["seed"])
    started = time.perf_counter()
    cv = {}
    for name, model in candidates(spec):
        cv[name] = float(np.mean(cross_val_score(model, x_train, y_train, scoring=SCORING[task], cv=folds)))
    best_name, best = max(candidates(spec), key=lambda c: cv[c[0]])
    refit_started = time.perf_counter()
    best.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started
    refit_seconds = time.perf_counter() - refit_started
    if task == "regression":
        predictions, classes = best.predict(x_test).reshape(-1, 1), []
        pd.DataFrame(predictions, columns=["value"]).to_csv(spec["predictions"], index=False, float_format="%.17g")
    else:
        predictions, classes = best.predict_proba(x_test), best.classes_
        pd.DataFrame(predictions, columns=list(classes)).to_csv(spec["predictions"], index=False, float_format="%.17g")
    result = {
        "model": best_name,
        "cv": {name: (-value if task == "regression" else value) for name, value in cv.items()},
        "fitSeconds": fit_seconds,
        "refitSeconds": refit_seconds,
        "score": score(task, y_test, predictions if task != "regression" else predictions[:, 0], np.array(classes)),
    }
    if spec.get("speed"):
        result["singleRowsPerSecond"], result["batchRowsPerSecond"] = speed(best, x_test, task)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
