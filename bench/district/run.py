"""District scale on PostgreSQL: build a district, serve it with gunicorn, time its pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_district \\
        .venv/bin/python bench/district/run.py [--scale 1.0] [--workers 4] [--seconds 30]

`--scale 1` is the issue's district: 10,000 people (the project's OneRoster generator and
importer), 400 classes with a running task each, 1,000,000 evidence events (COPY, in bulk).
`--scale 0.1` is a tenth of it, for development. The database the URL names is dropped and
made again. Then:

1. gunicorn (`--workers`, default 4; the bench settings: DEBUG off, Server-Timing header)
   serves it; every page below is timed alone, interleaved with `/login/` (the trivial page,
   same run), p50 and p95 of the client time, and the ratio of medians to `/login/`;
2. the same pages again while 30 teachers poll their boards every 3 s and 40 students answer a
   10-question check-in (one answer a second, every 5th double-clicks once): poll p95, answer
   p95, answers lost;
3. the load average (the machine may be shared: read the figures with it), each gunicorn
   worker's RSS after the run, and `trellis rebuild-readiness` over the whole district while a
   teacher moves students (the longest wait of a move).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BOARD = ROOT / "bench" / "board"
PASSWORD = "bench-password-123"
STATE = re.compile(r'name="state" value="([^"]+)" id="board-state"')


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


live = _load("live_answers", ROOT / "bench" / "checkins" / "live_answers.py")
live.PASSWORD = PASSWORD


def fresh_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    sys.path.insert(0, str(BOARD))
    import django

    django.setup()


def build(scale: float, events: int) -> dict:
    """The district: people and classes by OneRoster import, a target and a running task per
    class, the check-in class, a leader, then `events` evidence rows by COPY."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from trellis.accounts.models import Role, User
    from trellis.curriculum import actions as curriculum
    from trellis.evidence.models import ClassEvidenceMark
    from trellis.progression import actions as progression
    from trellis.rosters.models import Classroom, Enrollment
    from trellis.rosters.oneroster import generate
    from trellis.rosters.oneroster.importer import Options, import_set

    timings = {}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - t0
    users, classes = round(10_000 * scale), max(4, round(400 * scale))
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        shape = generate.bench_shape(users, classes, enrollments=classes * 30)
        zip_path = generate.write_zip(generate.build(shape), Path(tmp) / "district.zip")
        report = import_set(str(zip_path), Options())
    timings["roster import"] = time.perf_counter() - t
    t = time.perf_counter()
    User.objects.update(password=make_password(PASSWORD))
    school_id = Classroom.objects.values_list("school_id", flat=True).first()
    leader = User.objects.create(
        username="bench.leader",
        role=Role.LEADER,
        school_id=school_id,
        password=make_password(PASSWORD),
    )
    rooms = []
    for classroom in Classroom.objects.filter(is_active=True).order_by("pk"):
        members = list(
            Enrollment.objects.filter(classroom=classroom, is_active=True).values_list(
                "user_id", "role"
            )
        )
        teacher_id = next((u for u, r in members if r == "teacher"), None)
        students = [u for u, r in members if r == "student"]
        if teacher_id is None or not students:
            continue
        teacher = User.objects.get(pk=teacher_id)
        target = curriculum.create_target(teacher, classroom, statement="I can reason with ratios")
        task = curriculum.create_task(
            teacher,
            classroom,
            title="Ratio tables",
            target_ids=[target.pk],
            steps=["Read the table", "Find the rate", "Check it"],
        )
        progression.start_task(teacher, task)
        rooms.append((classroom.pk, teacher_id, target.pk, task.pk, students))
    timings["tasks"] = time.perf_counter() - t
    run, checkin_students = live.build(40, 10)
    t = time.perf_counter()
    verbs = ["answered", "rated-confidence", "observed", "submitted", "pulse-answered"]
    rng = random.Random(7)
    start = timezone.now() - timezone.timedelta(days=120)
    per_class = events // len(rooms)
    columns = (
        "occurred_at, recorded_at, actor_id, subject_id, verb, object_type, object_id, "
        "target_id, classroom_id, result, context"
    )
    with connection.cursor() as cursor, cursor.connection.cursor() as raw:
        with raw.copy(f"COPY evidence_evidenceevent ({columns}) FROM STDIN") as copy:
            for class_id, _teacher, target_id, task_id, students in rooms:
                for n in range(per_class):
                    student = students[n % len(students)]
                    verb = verbs[n % len(verbs)]
                    at = start + timezone.timedelta(seconds=n * 600 + rng.randint(0, 500))
                    result = (
                        {"success": rng.random() < 0.7}
                        if verb == "answered"
                        else {"score": {"raw": rng.randint(1, 4), "min": 1, "max": 4}}
                        if verb == "rated-confidence"
                        else {"response": "explained"}
                        if verb == "observed"
                        else {}
                    )
                    copy.write_row(
                        (
                            at,
                            at,
                            student,
                            student,
                            verb,
                            "checkin-item",
                            str(n),
                            target_id,
                            class_id,
                            json.dumps(result),
                            json.dumps({"extensions": {"task": task_id}}),
                        )
                    )
        cursor.execute("ANALYZE evidence_evidenceevent")
    ClassEvidenceMark.objects.bulk_create(
        [ClassEvidenceMark(classroom_id=r[0], version=per_class, last_event_id=0) for r in rooms],
        update_conflicts=True,
        unique_fields=["classroom"],
        update_fields=["version"],
    )
    timings["evidence (COPY)"] = time.perf_counter() - t
    return {
        "timings": timings,
        "import": report.summary(),
        "rooms": rooms,
        "leader": leader.username,
        "events": per_class * len(rooms),
        "run_id": run.pk,
        "checkin_students": checkin_students,
    }


class Session(live.Student):
    def timed(self, path: str) -> tuple[float, int]:
        t = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            status = e.code
        return (time.perf_counter() - t) * 1000, status


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else 0.0


def username(user_id: int) -> str:
    from trellis.accounts.models import User

    return User.objects.get(pk=user_id).username


def pages(info: dict, base: str) -> list[tuple[str, Session, str]]:
    """(name, signed-in session, path) of every page the issue times."""
    from trellis.progression import queries
    from trellis.rosters.models import Classroom

    class_id, teacher_id, _target, task_id, students = info["rooms"][len(info["rooms"]) // 2]
    teacher, student, leader = (
        Session(base, username(teacher_id)),
        Session(base, username(students[0])),
        Session(base, info["leader"]),
    )
    for s in (teacher, student, leader):
        s.login()
    classroom = Classroom.objects.get(pk=class_id)
    from trellis.accounts.models import User

    state = queries.board_state(User.objects.get(pk=teacher_id), classroom)
    shown = queries.readiness(state).shown(state)
    return [
        ("board", teacher, f"/classes/{class_id}/board/"),
        ("board poll (unchanged)", teacher, f"/classes/{class_id}/board/grid/?state={shown}"),
        ("detail drawer", teacher, f"/classes/{class_id}/board/cell/{task_id}/{students[0]}/"),
        ("student home", student, "/"),
        ("my learning", student, f"/classes/{class_id}/my-learning/"),
        ("leader home", leader, "/"),
        ("culture page", leader, "/charter/"),
        ("API class list", leader, "/api/v1/classes"),
        ("API board", teacher, f"/api/v1/classes/{class_id}/board"),
    ]


def measure(targets, login: Session, samples: int) -> dict:
    out = {}
    base_times = []
    for name, session, path in targets:
        times = []
        for _ in range(samples):
            ms, status = session.timed(path)
            if status >= 400:
                raise RuntimeError(f"{name} {path} answered {status}")
            times.append(ms)
            base_times.append(login.timed("/login/")[0])
        out[name] = times
    out["/login/"] = base_times
    return out


def report(title: str, results: dict) -> None:
    trivial = statistics.median(results["/login/"])
    print(f"\n{title}")
    print(f"   {'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'× /login/':>10}")
    for name, times in results.items():
        p50 = statistics.median(times)
        print(f"   {name:<24} {p50:8.1f} {pct(times, 95):8.1f} {p50 / trivial:9.1f}×")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database this bench may drop.", file=sys.stderr)
        return 2
    fresh_database(url)
    setup_django()
    t0 = time.perf_counter()
    info = build(args.scale, round(1_000_000 * args.scale))
    total = time.perf_counter() - t0
    print(f"load average at start: {os.getloadavg()}")
    print(
        f"built {info['import']} with {len(info['rooms'])} running tasks and "
        f"{info['events']:,} evidence events in {total:.0f} s: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in info["timings"].items())
    )
    port = args.port or live.free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(BOARD), str(ROOT / "src")]),
        DJANGO_SETTINGS_MODULE="bench_settings",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "trellis.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        targets = pages(info, base)
        anon = Session(base, "anonymous")
        measure(targets, anon, 2)  # warm every worker's templates and the shared cache
        report(
            f"1. Alone ({args.samples} samples each, client time):",
            measure(targets, anon, args.samples),
        )

        stop = threading.Event()
        polls, poll_errors, lock = [], [], threading.Lock()

        def poll(session: Session, path: str, offset: float) -> None:
            """Like htmx: send the state the page shows; 204 when nothing changed."""
            if stop.wait(offset):
                return
            state = session.get(path.replace("grid/?state=0", ""))
            found = STATE.search(state)
            path = path.replace("state=0", f"state={found.group(1) if found else 0}")
            while not stop.is_set():
                ms, status = session.timed(path)
                with lock:
                    (polls if status < 400 else poll_errors).append(ms)
                stop.wait(3.0)

        threads = []
        for i, (class_id, teacher_id, *_rest) in enumerate(info["rooms"][:30]):
            s = Session(base, username(teacher_id))
            s.login()
            s.timed(f"/classes/{class_id}/board/")
            threads.append(
                threading.Thread(
                    target=poll,
                    args=(s, f"/classes/{class_id}/board/grid/?state=0", i / 10),
                    daemon=True,
                )
            )
        results = {"sent": 0, "requests": 0, "latency": [], "errors": [], "missing_form": 0}
        students = []
        for name in info["checkin_students"]:
            st = live.Student(base, name)
            st.login()
            students.append(st)
        start = time.time() + 2
        threads += [
            threading.Thread(
                target=live.student_loop,
                args=(st, info["run_id"], 10, start, results, lock, i % 5 == 0, i),
                daemon=True,
            )
            for i, st in enumerate(students)
        ]
        for t in threads:
            t.start()
        loaded = measure(targets, anon, max(3, args.samples // 4))
        time.sleep(max(0.0, start + 12 - time.time()))
        stop.set()
        for t in threads:
            t.join(timeout=60)
        report(
            "2. With 30 teachers polling every 3 s and 40 students answering a check-in:", loaded
        )
        from trellis.checkins.models import Answer

        stored = Answer.objects.filter(run_id=info["run_id"]).count()
        lat = [x * 1000 for x in results["latency"]]
        print(
            f"   board polls: {len(polls)}, p50 {statistics.median(polls):.1f} ms, "
            f"p95 {pct(polls, 95):.1f} ms, errors {len(poll_errors)}"
        )
        print(
            f"   check-in answers: sent {results['sent']}, stored {stored}, "
            f"p50 {statistics.median(lat):.1f} ms, p95 {pct(lat, 95):.1f} ms, "
            f"errors {len(results['errors'])}"
        )
        print(f"   load average after the run: {os.getloadavg()}")
        out = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(server.pid)], capture_output=True, text=True
        )
        rss = [int(x) // 1024 for x in out.stdout.split()]
        print(f"   gunicorn worker RSS after the run: {rss} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)

    rebuild(info)
    return 0


def rebuild(info: dict) -> None:
    """`rebuild-readiness` over the district while a teacher moves students every 50 ms."""
    from django.db import connections

    from trellis.accounts.models import User
    from trellis.curriculum.models import Task
    from trellis.progression import actions
    from trellis.progression.actions import rebuild_phases

    _class, teacher_id, _t, task_id, students = info["rooms"][0]
    waits, stop = [], threading.Event()

    def mover() -> None:
        teacher, task = User.objects.get(pk=teacher_id), Task.objects.get(pk=task_id)
        kinds = ["advance", "step_back"]
        i = 0
        while not stop.is_set():
            t = time.perf_counter()
            try:
                actions.move_students(
                    teacher,
                    task,
                    students[:3],
                    kinds[i % 2],
                    to_phase=0 if i % 2 else None,
                    note="bench",
                )
            except Exception as error:  # a conflict is fine here: only the wait is measured
                print(f"   move: {type(error).__name__}", file=io.StringIO())
            waits.append((time.perf_counter() - t) * 1000)
            i += 1
            stop.wait(0.05)
        connections.close_all()

    thread = threading.Thread(target=mover, daemon=True)
    thread.start()
    t = time.perf_counter()
    counts = rebuild_phases()
    elapsed = time.perf_counter() - t
    stop.set()
    thread.join(timeout=30)
    print(
        f"\n3. rebuild-readiness over {counts['classes']} classes ({info['events']:,} events): "
        f"{elapsed:.1f} s; a teacher's move meanwhile: {len(waits)} moves, "
        f"longest {max(waits or [0]):.0f} ms, p95 {pct(waits, 95):.0f} ms"
    )
    print(f"   load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
