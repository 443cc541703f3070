"""The `trellis` console command: Django's commands, hyphenated names, and the engine's tool."""

import os
import subprocess

from tests.migrated import TRELLIS, command_env


def _run(*args, env_extra=None, cwd=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra or {})
    return subprocess.run(
        [str(TRELLIS), *args], env=env, capture_output=True, text=True, timeout=180, cwd=cwd
    )


def test_readiness_runs_without_django_settings_or_a_database(tmp_path):
    train = tmp_path / "train.csv"
    rows = ["user_id,skill_name,correct"]
    rows += [f"u{u},fractions,{(u + i) % 3 != 0:d}" for u in range(6) for i in range(4)]
    train.write_text("\n".join(rows) + "\n")
    out = _run(
        "readiness",
        "fit",
        str(train),
        "--out",
        str(tmp_path / "model.json"),
        env_extra={"DJANGO_SETTINGS_MODULE": "does.not.exist"},
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "model.json").exists()


def test_readiness_bad_input_is_located(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("user_id,skill_name,correct\nu1,fractions,2\n")
    out = _run("readiness", "fit", str(bad), "--out", str(tmp_path / "m.json"))
    assert out.returncode == 2
    assert "bad.csv" in out.stderr and "line 2" in out.stderr


def test_make_run_migrates_a_fresh_data_dir_then_builds_the_demo(migrated_data_dir):
    """`make run`'s two commands: `trellis migrate` on an empty data dir (run once per test run,
    in its own process, by tests/migrated.py, whose copy this test gets), then `trellis demo`.
    (Building the demo twice changes nothing: tests/demo/test_school.py checks it in-process.)"""
    out = subprocess.run(
        [str(TRELLIS), "demo"],
        env=command_env(migrated_data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "teacher.rivera" in out.stdout
    assert "password for all: trellis-demo" in out.stdout
    assert (migrated_data_dir / "trellis.sqlite3").stat().st_size > 100_000
