"""40 students answer a 10-question check-in within the same 10 seconds, against a real server.

What it does:

1. makes a fresh SQLite database in a temporary directory (WAL, IMMEDIATE transactions, as
   in production settings) and migrates it;
2. builds a school, a teacher, a class of 40 students and a 10-question exit ticket (6 single
   choice, 1 multiple choice, 2 number, 1 short text) through the app's actions;
3. starts `trellis runserver` (Django's threaded development server) on 127.0.0.1;
4. signs every student in through the login page, then releases them together: each student
   loads the question, sends the answer one second apart (10 answers in 10 seconds, with a
   little jitter), rates their confidence, and follows the redirect to the next question.
   Every 5th student double-clicks one answer (the same form key sent twice, in parallel);
5. reports the answer request's latency (p50, p95, max), the answers sent and stored, HTTP
   errors, and whether the server ever logged "database is locked".

Usage:  .venv/bin/python bench/checkins/live_answers.py [--students 40] [--questions 10]
Loops are bounded: every student sends exactly --questions answers; the run has a deadline.
"""

import argparse
import http.cookiejar
import os
import random
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

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(data_dir: str) -> None:
    os.environ["TRELLIS_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "trellis.settings.base"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def build(n_students: int, n_questions: int):
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from trellis.accounts.models import Role, School, User
    from trellis.checkins import actions
    from trellis.checkins.actions import QuestionInput
    from trellis.curriculum import actions as curriculum
    from trellis.rosters import actions as rosters

    school = School.objects.create(name="Bench School", slug="bench")
    hashed = make_password(PASSWORD)
    teacher = User.objects.create(
        username="bench.teacher", role=Role.TEACHER, school=school, password=hashed
    )
    classroom = rosters.create_class(teacher, course="Bench Mathematics")
    students = []
    for i in range(n_students):
        s = User.objects.create(
            username=f"bench.s{i:02d}", role=Role.STUDENT, school=school, password=hashed
        )
        rosters.enroll(classroom, s, "student")
        students.append(s)
    target = curriculum.create_target(teacher, classroom, statement="I can add fractions")
    checkin = actions.create_checkin(teacher, title="Bench check-in")
    kinds = (["single"] * 6 + ["multiple"] + ["number"] * 2 + ["short"]) * 3
    for i, kind in enumerate(kinds[:n_questions]):
        options = []
        if kind in ("single", "multiple"):
            options = [
                {"text": "right", "correct": True},
                {"text": "also right", "correct": kind == "multiple"},
                {"text": "wrong", "misconception": "A common slip"},
            ]
        actions.create_question(
            teacher,
            QuestionInput(
                kind=kind,
                prompt=f"Question {i + 1}",
                target_id=target.pk,
                options=options,
                number_answer="3.5" if kind == "number" else None,
            ),
            checkin=checkin,
        )
    run = actions.start_run(
        teacher,
        checkin,
        classroom,
        mode="exit",
        closes_at=timezone.now() + timedelta(hours=1),
    )
    return run, [s.username for s in students]


class Student:
    def __init__(self, base: str, username: str):
        self.base = base
        self.username = username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
        req = urllib.request.Request(self.base + path, data=body.encode(), method="POST")
        req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def login(self) -> None:
        self.get("/login/")
        status, body = self.post("/login/", {"username": self.username, "password": PASSWORD})
        if "Sign out" not in body:
            raise RuntimeError(f"login failed for {self.username}: {status}")


FORM = re.compile(r'action="(/checkins/runs/\d+/answer/(\d+)/)"')
IDEM = re.compile(r'name="idem" value="([0-9a-f]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
KIND = re.compile(r'name="kind" value="(\w+)"')


def answer_for(kind: str, rng: random.Random) -> dict:
    if kind == "single":
        return {"keys": rng.choice(["A", "C"])}
    if kind == "multiple":
        return {"keys": ["A", "B"]}
    if kind == "number":
        return {"text": rng.choice(["3,5", "3.5", "4"])}
    return {"text": rng.choice(["Minus", "minus!", "take away"])}


def student_loop(student, run_id, n_questions, start, results, lock, double_click, seed):
    rng = random.Random(seed)
    page = student.get(f"/checkins/runs/{run_id}/take/")
    for k in range(n_questions):  # bounded: one answer per question
        m = FORM.search(page)
        if not m:
            with lock:
                results["missing_form"] += 1
            return
        path, qid = m.group(1), m.group(2)
        data = {
            "idem": IDEM.search(page).group(1),
            "version": VERSION.search(page).group(1),
            "kind": KIND.search(page).group(1),
            **answer_for(KIND.search(page).group(1), rng),
        }
        # Answer k goes out at second k of the window, with up to 0.9 s of jitter.
        delay = start + k + rng.random() * 0.9 - time.time()
        if delay > 0:
            time.sleep(delay)
        sends = 2 if (double_click and k == 3) else 1
        outcome = []

        def send(data=data, path=path, outcome=outcome):
            t0 = time.perf_counter()
            status, body = student.post(path, data)
            outcome.append((time.perf_counter() - t0, status, body))

        threads = [threading.Thread(target=send) for _ in range(sends)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with lock:
            results["sent"] += 1
            results["requests"] += sends
            for latency, status, body in outcome:
                results["latency"].append(latency)
                if status != 200 or "Answer saved" not in body:
                    results["errors"].append((student.username, k, status, body[:200]))
        status, page = student.post(
            f"/checkins/runs/{run_id}/confidence/{qid}/", {"confidence": rng.randint(1, 4)}
        )
        if status != 200:
            with lock:
                results["errors"].append((student.username, k, status, "confidence"))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="trellis-bench-checkins-")
    env = {**os.environ, "TRELLIS_DATA_DIR": data_dir, "TRELLIS_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    trellis = str(ROOT / ".venv" / "bin" / "trellis")
    subprocess.run([trellis, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    setup_django(data_dir)
    run, usernames = build(args.students, args.questions)

    port = free_port()
    log_path = Path(data_dir) / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [trellis, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded wait for the server (60 s)
            try:
                urllib.request.urlopen(base + "/login/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        students = [Student(base, u) for u in usernames]
        for s in students:
            s.login()

        results = {
            "sent": 0,
            "requests": 0,
            "latency": [],
            "errors": [],
            "missing_form": 0,
        }
        lock = threading.Lock()
        start = time.time() + 1.0
        threads = [
            threading.Thread(
                target=student_loop,
                args=(s, run.pk, args.questions, start, results, lock, i % 5 == 0, i),
            )
            for i, s in enumerate(students)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        wall = time.time() - start
    finally:
        server.terminate()
        server.wait(timeout=10)

    from trellis.checkins.models import Answer
    from trellis.evidence.models import EvidenceEvent

    stored = Answer.objects.filter(run=run).count()
    events = EvidenceEvent.objects.filter(verb="answered").count()
    rated = EvidenceEvent.objects.filter(verb="rated-confidence").count()
    server_log = log_path.read_text()
    locked = server_log.count("database is locked")
    lat = results["latency"]
    print(f"students: {args.students}, questions: {args.questions}, server: runserver (threaded)")
    doubles = results["requests"] - results["sent"]
    print(f"answers sent: {results['sent']} (+{doubles} double clicks)")
    print(f"answers stored: {stored}   answered events: {events}   confidence events: {rated}")
    print(
        f"answer request latency: p50 {statistics.median(lat) * 1000:.0f} ms, "
        f"p95 {percentile(lat, 95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms"
    )
    print(f"time from the first answer to the last confidence: {wall:.1f} s")
    print(f"HTTP errors: {len(results['errors'])}   'database is locked' in server log: {locked}")
    for e in results["errors"][:5]:
        print("  ", e)
    ok = (
        stored == results["sent"] == args.students * args.questions
        and not results["errors"]
        and not locked
        and not results["missing_form"]
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
