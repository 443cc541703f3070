"""Runs inside the pyBKT virtualenv (see setup_pybkt.sh): fit on TRAIN, predict TEST, print JSON.

Usage: /tmp/pybkt-venv/bin/python pybkt_runner.py TRAIN.csv TEST.csv PRED.csv FORGETS SEED

Also reports how many E-steps pyBKT's EM ran (summed over skills and restarts), counted by
wrapping ``pyBKT.fit.EM_fit.EM_fit``; the wrapper only reads the length of the returned
log-likelihood trace, so it does not change the fit or, measurably, its time.
"""

import json
import sys
import time

from pyBKT.fit import EM_fit
from pyBKT.models import Model

_em_fit = EM_fit.EM_fit
e_steps = []


def counted_em_fit(*args, **kwargs):
    model, log_likelihoods = _em_fit(*args, **kwargs)
    e_steps.append(len(log_likelihoods))
    return model, log_likelihoods


EM_fit.EM_fit = counted_em_fit

train, test, pred_out, forgets, seed = sys.argv[1:6]
model = Model(seed=int(seed), num_fits=5, parallel=True)
started, cpu_started = time.perf_counter(), time.process_time()
model.fit(data_path=train, forgets=forgets == "1")
fit_seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
preds = model.predict(data_path=test)
preds[["order_id", "correct_predictions"]].to_csv(pred_out, index=False)
params = {}
for skill, p in model.fit_model.items():
    params[skill] = {
        "prior": float(p["prior"]),
        "learn": float(p["learns"][0]),
        "forget": float(p["forgets"][0]),
        "guess": float(p["guesses"][0]),
        "slip": float(p["slips"][0]),
    }
result = {"fit_seconds": fit_seconds, "cpu_seconds": cpu_seconds, "e_steps": sum(e_steps)}
print(json.dumps({**result, "params": params}))
