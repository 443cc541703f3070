"""The batch command: fit/predict round trip on response logs and its bad-input messages."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from trellis.grr import bkt, synthetic
from trellis.grr.bkt import DEFAULT_PARAMS, BKTParams
from trellis.grr.cli import main


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def train_csv(tmp_path):
    true = [
        BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1),
        BKTParams(prior=0.5, learn=0.1, guess=0.25, slip=0.1),
    ]
    d = synthetic.simulate(true, 120, 8, seed=3)
    rows = [
        [f"u{u}", f"skill{k}", int(c)]
        for u, k, c in zip(d.students, d.skills, d.correct, strict=True)
    ]
    return write_csv(tmp_path / "train.csv", ["user_id", "skill_name", "correct"], rows)


def test_fit_then_predict_round_trip(tmp_path, train_csv, capsys):
    model = tmp_path / "model.json"
    assert main(["fit", str(train_csv), "--out", str(model), "--restarts", "2", "--seed", "4"]) == 0
    doc = json.loads(model.read_text())
    assert set(doc["skills"]) == {"skill0", "skill1"}
    s0 = doc["skills"]["skill0"]
    assert s0["is_default"] is False and s0["n_students"] == 120 and s0["n_opportunities"] == 960
    assert s0["log_likelihood"] < 0
    # Pooled: skills the model never saw get the population estimate (one fit of all the
    # history here, with only two skills to compare), never the fixed defaults.
    assert doc["pooled"] is True and doc["defaults"]["source"] == "population"
    assert doc["defaults"]["prior"] != DEFAULT_PARAMS.prior

    # Test file: out of time order (order_id decides), and one skill the model never saw.
    test_rows = [
        [3, "ann", "skill0", 1],
        [1, "ann", "skill0", 0],
        [2, "bob", "geometry", 1],
        [2, "ann", "skill0", 1],
        [5, "bob", "geometry", 0],
    ]
    test = write_csv(
        tmp_path / "test.csv", ["order_id", "user_id", "skill_name", "correct"], test_rows
    )
    out = tmp_path / "pred.csv"
    assert main(["predict", str(test), "--model", str(model), "--out", str(out)]) == 0
    assert "1 skill(s) unseen" in capsys.readouterr().out
    with out.open() as f:
        got = list(csv.DictReader(f))
    assert [r["order_id"] for r in got] == ["3", "1", "2", "2", "5"]  # input order kept
    p = BKTParams.from_dict(s0)
    # Ann in time order: order 1 (wrong), 2 (right), 3 (right). p_correct is before the row.
    m = p.prior
    expected = {}
    for order_id, y in (("1", 0), ("2", 1), ("3", 1)):
        expected[order_id] = (bkt.predict_correct(m, p), bkt.update_mastery(m, p, y))
        m = expected[order_id][1]
    ann = {r["order_id"]: r for r in got if r["user_id"] == "ann"}
    for order_id, (pc, pm) in expected.items():
        assert float(ann[order_id]["p_correct"]) == pytest.approx(pc, abs=1e-6)
        assert float(ann[order_id]["p_mastery"]) == pytest.approx(pm, abs=1e-6)
    bob = [r for r in got if r["user_id"] == "bob"]
    d = BKTParams.from_dict(doc["defaults"])
    assert float(bob[0]["p_correct"]) == pytest.approx(bkt.predict_correct(d.prior, d), abs=1e-6)
    after = bkt.update_mastery(d.prior, d, 1)
    assert float(bob[1]["p_correct"]) == pytest.approx(bkt.predict_correct(after, d), abs=1e-6)


def test_thin_skill_is_pooled_and_independent_fit_keeps_the_defaults(tmp_path, capsys):
    rows = [[f"u{i}", "rare", i % 2] for i in range(20)]
    train = write_csv(tmp_path / "t.csv", ["user_id", "skill_name", "correct"], rows)
    model = tmp_path / "m.json"
    assert main(["fit", str(train), "--out", str(model)]) == 0
    rare = json.loads(model.read_text())["skills"]["rare"]
    assert rare["is_default"] is False and rare["source"] == "pooled"
    assert rare["reason"].startswith("learned from 20 students (20 opportunities)")
    assert "1 with under 50 students" in capsys.readouterr().out
    assert main(["fit", str(train), "--out", str(model), "--independent"]) == 0
    rare = json.loads(model.read_text())["skills"]["rare"]
    assert rare["is_default"] is True and "too little data" in rare["reason"]
    assert "1 on default params" in capsys.readouterr().out


def test_predict_report_prints_auc_calibration_error_and_reliability_table(
    tmp_path, train_csv, capsys
):
    model = tmp_path / "model.json"
    assert main(["fit", str(train_csv), "--out", str(model), "--restarts", "1"]) == 0
    out = tmp_path / "pred.csv"
    args = ["predict", str(train_csv), "--model", str(model), "--out", str(out), "--report"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    report = next(i for i, line in enumerate(lines) if line.startswith("AUC "))
    assert "expected calibration error" in lines[report] and "over 1920 answers" in lines[report]
    assert lines[report + 1].startswith("predicted P(right)")
    rows = [line.split() for line in lines[report + 2 :]]
    assert sum(int(r[1]) for r in rows) == 1920
    assert all(0 <= float(r[2]) <= 1 and 0 <= float(r[3]) <= 1 for r in rows)


def run_bad(tmp_path, capsys, content: bytes, command="fit", culprit="bad.csv"):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    args = (
        ["fit", str(path), "--out", str(tmp_path / "m.json")]
        if command == "fit"
        else [
            "predict",
            str(path),
            "--model",
            str(tmp_path / "m.json"),
            "--out",
            str(tmp_path / "p.csv"),
        ]
    )
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert str(tmp_path / culprit) in err
    return err


def test_missing_column(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"user_id,skill_name\na,b\n")
    assert "line 1, column 'correct': missing required column" in err


def test_correct_not_zero_or_one(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"user_id,skill_name,correct\na,b,1\na,b,2\n")
    assert "line 3, column 3 ('correct')" in err and "must be 0 or 1, got '2'" in err


def test_nan_correct(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"skill_name,user_id,correct\nb,a,1\nb,a,NaN\n")
    assert "line 3, column 3 ('correct')" in err and "NaN" in err


def test_nan_order_id(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"order_id,user_id,skill_name,correct\n1,a,b,1\nnan,a,b,0\n")
    assert "line 3, column 1 ('order_id')" in err and "NaN" in err


def test_empty_file(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"")
    assert "line 1" in err and "file is empty" in err


def test_header_only(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"user_id,skill_name,correct\n")
    assert "line 2" in err and "no data rows" in err


def test_non_utf8(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"user_id,skill_name,correct\na,b,1\nJos\xe9,b,1\n")
    assert "line 3, column 4" in err and "UTF-8" in err


def test_short_row(tmp_path, capsys):
    err = run_bad(tmp_path, capsys, b"user_id,skill_name,correct\na,b\n")
    assert "line 2" in err and "expected 3 columns, found 2" in err


def test_bad_input_on_predict_too(tmp_path, capsys):
    (tmp_path / "m.json").write_text("{not json", encoding="utf-8")
    err = run_bad(
        tmp_path,
        capsys,
        b"user_id,skill_name,correct\na,b,1\n",
        command="predict",
        culprit="m.json",
    )
    assert "m.json, line 1, column 2" in err


def test_bad_arguments_exit_2(capsys):
    assert main(["fit"]) == 2
    assert "usage" in capsys.readouterr().err


def test_runs_as_a_module_without_django(tmp_path, train_csv):
    model = tmp_path / "model.json"
    proc = subprocess.run(
        [sys.executable, "-m", "trellis.grr.cli", "fit", str(train_csv), "--out", str(model)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(np.__file__).rsplit("/numpy/", 1)[0]},
    )
    assert proc.returncode == 0, proc.stderr
    assert "django" not in proc.stderr.lower()
    assert json.loads(model.read_text())["format"] == "trellis-grr-bkt"
