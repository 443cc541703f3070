"""Benchmark the release board against a trivial view, alone and under 30 polling students.

    .venv/bin/python bench/board/run.py [--students 40] [--tasks 12] [--seconds 30]

It builds a class (40 students × 12 running tasks, with evidence written through the same
actions a class uses) in a fresh SQLite database under a temporary directory, starts Django's
threaded development server on 127.0.0.1 in a subprocess (gunicorn is not installed), and
drives it with threads and urllib:

1. median server time (Server-Timing header) of the board vs a trivial one-query view, in the
   same run, interleaved; the ratio is reported (goal: under 3×);
2. the board's p95 while 30 simulated students poll their live task view every 5 s (goal:
   under 150 ms on SQLite). Threads and duration are bounded.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(data_dir: str) -> None:
    os.environ["TRELLIS_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(HERE))
    import django

    django.setup()


def build(n_students: int, n_tasks: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from trellis.accounts.models import Role, School, User
    from trellis.curriculum import actions as curriculum
    from trellis.evidence.actions import record
    from trellis.grr import MoveKind, Phase
    from trellis.progression import actions
    from trellis.rosters.actions import enroll
    from trellis.rosters.models import Classroom

    call_command("migrate", verbosity=0)
    school = School.objects.create(name="Bench", slug="bench")
    hashed = make_password(PASSWORD)
    teacher = User.objects.create(username="t", role=Role.TEACHER, school=school, password=hashed)
    klass = Classroom.objects.create(school=school, course="Bench", section="A", join_code="B1")
    enroll(klass, teacher, "teacher")
    students = []
    for i in range(n_students):
        s = User.objects.create(
            username=f"s{i}",
            first_name=f"S{i:02d}",
            last_name="Bench",
            role=Role.STUDENT,
            school=school,
            password=hashed,
        )
        enroll(klass, s, "student")
        students.append(s)
    ids = [s.pk for s in students]
    tasks = []
    for j in range(n_tasks):
        target = curriculum.create_target(teacher, klass, statement=f"I can do skill {j}")
        task = curriculum.create_task(
            teacher,
            klass,
            title=f"Task {j}",
            target_ids=[target.pk],
            steps=["first step", "second step", "third step"],
        )
        actions.start_task(teacher, task)
        tasks.append(task)
        if j % 2 == 0:
            continue  # half the tasks stay in modeling with no evidence yet
        actions.move_students(
            teacher, task, ids, MoveKind.ADVANCE, to_phase=Phase.GUIDED, override=True
        )
        for k, s in enumerate(students):
            for r in range(3):
                actions.observe(
                    teacher, task, s.pk, ["explained", "prompted", "off-track"][(k + r) % 3]
                )
            for r in range(3):  # as the check-ins app would write them
                record(
                    actor=s,
                    verb="answered",
                    object_type="checkin-item",
                    object_id=r,
                    classroom=klass,
                    target_id=target.pk,
                    result={"success": (k + r) % 4 > 0},
                )
            record(
                actor=s,
                verb="rated-confidence",
                object_type="checkin",
                object_id=1,
                classroom=klass,
                target_id=target.pk,
                result={"score": {"raw": 1 + k % 4, "min": 1, "max": 4}},
            )
    from trellis.evidence.models import EvidenceEvent

    return {
        "class_id": klass.pk,
        "task_id": tasks[0].pk,
        "students": [s.username for s in students],
        "events": EvidenceEvent.objects.count(),
    }


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def login(self, username: str) -> None:
        page = self.opener.open(self.base + "/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        body = self.opener.open(request, timeout=10).read().decode()
        if "Sign out" not in body:
            raise RuntimeError(f"could not sign in as {username}")

    def get(self, path: str) -> tuple[float, float, int]:
        """(client ms, server ms, status) of one GET."""
        start = time.perf_counter()
        with self.opener.open(self.base + path, timeout=10) as response:
            self.body = response.read().decode()
            timing = response.headers.get("Server-Timing", "app;dur=nan")
            status = response.status
        client = (time.perf_counter() - start) * 1000
        return client, float(timing.split("dur=")[1]), status

    def next_poll(self, current: str) -> str:
        """Like htmx: poll the URL the last answer carried (204 keeps the old one)."""
        found = re.search(r'hx-get="([^"]*/learn/live/[^"]*)"', self.body or "")
        return html.unescape(found.group(1)) if found else current


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def wait_for(base: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited; see its output above")
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start within 30 s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=12)
    parser.add_argument("--pollers", type=int, default=30)
    parser.add_argument("--poll-every", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args(argv)
    args.pollers = min(args.pollers, args.students, 60)  # bounded thread count
    args.seconds = min(args.seconds, 120.0)  # bounded duration

    with tempfile.TemporaryDirectory(prefix="trellis-bench-") as data_dir:
        setup_django(data_dir)
        t0 = time.perf_counter()
        info = build(args.students, args.tasks)
        print(
            f"built {args.students} students × {args.tasks} tasks, {info['events']} evidence "
            f"events in {time.perf_counter() - t0:.1f} s"
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT / "src")]))
        proc = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(base, proc)
            teacher = Session(base)
            teacher.login("t")
            board = f"/classes/{info['class_id']}/board/"
            trivial = "/bench/trivial/"
            for _ in range(3):  # warm up templates and connections
                teacher.get(board), teacher.get(trivial)
            b_server, t_server, b_client, t_client = [], [], [], []
            for _ in range(args.samples):
                c, s, status = teacher.get(board)
                assert status == 200
                b_client.append(c), b_server.append(s)
                c, s, status = teacher.get(trivial)
                t_client.append(c), t_server.append(s)
            med_b, med_t = statistics.median(b_server), statistics.median(t_server)
            print(f"\n1. Alone, {args.samples} interleaved samples each (server time):")
            print(
                f"   board   median {med_b:7.2f} ms   p95 {percentile(b_server, 95):7.2f} ms"
                f"   (client median {statistics.median(b_client):.2f} ms)"
            )
            print(
                f"   trivial median {med_t:7.2f} ms   p95 {percentile(t_server, 95):7.2f} ms"
                f"   (client median {statistics.median(t_client):.2f} ms)"
            )
            print(f"   ratio board / trivial (median server time): {med_b / med_t:.1f}×")

            # The board right after a change (an observation written between samples): the
            # class's evidence is read and every cell recomputed.
            from trellis.accounts.models import User
            from trellis.curriculum.models import Task
            from trellis.progression import actions

            owner = User.objects.get(username="t")
            changing = Task.objects.get(pk=info["task_id"])
            someone = User.objects.get(username=info["students"][0])
            cold = []
            for _ in range(max(5, args.samples // 4)):
                actions.observe(owner, changing, someone.pk, "explained")
                c, s, status = teacher.get(board)
                assert status == 200
                cold.append(s)
            print(
                f"   board after a change: median {statistics.median(cold):7.2f} ms   "
                f"p95 {percentile(cold, 95):7.2f} ms (server, n={len(cold)})"
            )

            students = []
            for username in info["students"][: args.pollers]:
                s = Session(base)
                s.login(username)
                students.append(s)
            live = (
                f"/classes/{info['class_id']}/tasks/{info['task_id']}/learn/live/?state=0-modeling"
            )
            stop = threading.Event()
            poll_times: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()

            def poll(session: Session, offset: float) -> None:
                if stop.wait(offset):
                    return
                url = live
                while not stop.is_set():
                    try:
                        session.body = ""
                        c, _, status = session.get(url)
                        if status == 200:
                            url = session.next_poll(url)
                        with lock:
                            poll_times.append(c)
                    except OSError as error:
                        with lock:
                            errors.append(str(error))
                    stop.wait(args.poll_every)

            threads = [
                threading.Thread(
                    target=poll, args=(s, i * args.poll_every / len(students)), daemon=True
                )
                for i, s in enumerate(students)
            ]
            for t in threads:
                t.start()
            loaded_server, loaded_client = [], []
            end = time.time() + args.seconds
            while time.time() < end:
                c, s, status = teacher.get(board)
                assert status == 200
                loaded_client.append(c), loaded_server.append(s)
                time.sleep(0.5)
            stop.set()
            for t in threads:
                t.join(timeout=15)
            print(
                f"\n2. With {len(students)} students polling every {args.poll_every:g} s for "
                f"{args.seconds:g} s ({len(poll_times)} polls, {len(errors)} errors):"
            )
            print(
                f"   board p95 {percentile(loaded_client, 95):7.2f} ms client, "
                f"{percentile(loaded_server, 95):7.2f} ms server "
                f"(median {statistics.median(loaded_client):.2f} ms, n={len(loaded_client)})"
            )
            print(
                f"   student poll p95 {percentile(poll_times, 95):7.2f} ms client "
                f"(median {statistics.median(poll_times):.2f} ms)"
            )
            ok = percentile(loaded_client, 95) < 150
            print(f"   goal p95 < 150 ms: {'met' if ok else 'NOT met'}")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
