"""The serve benchmark's peer: FastAPI + uvicorn serving scikit-learn's HistGradientBoostingClassifier.

usage: python3 serve_fastapi.py TRAIN.csv TARGET PORT NUMERIC,COLUMNS CATEGORICAL,COLUMNS

Trains on TRAIN.csv (numbers coerced, categories one-hot, missing numbers handled natively by the model), then serves
POST /predict {"rows": [{column: value}]} -> {"predictions": [{"label", "probabilities": {label: p}}]}, the same
request and answer shapes as our deployment endpoint, validated with pydantic as a FastAPI service would be.
One uvicorn worker process (the default), like one Api process.
"""
import sys
from typing import Dict, List, Optional, Union

import numpy as np
import pandas as pd
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

path, target, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
numeric = [c for c in sys.argv[4].split(",") if c]
categorical = [c for c in sys.argv[5].split(",") if c]

df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
for column in numeric:
    df[column] = pd.to_numeric(df[column], errors="coerce")
for column in categorical:
    df[column] = df[column].fillna("(missing)")
model = Pipeline([
    ("encode", ColumnTransformer([("categories", OneHotEncoder(handle_unknown="ignore"), categorical)], remainder="passthrough")),
    ("model", HistGradientBoostingClassifier(random_state=0)),
])
model.fit(df[categorical + numeric], df[target])
labels = [str(label) for label in model.classes_]


class PredictRequest(BaseModel):
    rows: List[Dict[str, Optional[Union[float, str]]]]


app = FastAPI()


@app.post("/predict")
def predict(request: PredictRequest):
    frame = pd.DataFrame(request.rows, columns=categorical + numeric)
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    for column in categorical:
        frame[column] = frame[column].fillna("(missing)").astype(str)
    probabilities = model.predict_proba(frame)
    return {"predictions": [
        {"label": labels[int(np.argmax(p))], "probabilities": {label: round(float(v), 6) for label, v in zip(labels, p)}}
        for p in probabilities
    ]}


@app.get("/health")
def health():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
