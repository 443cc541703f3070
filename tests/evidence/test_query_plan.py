"""The board's evidence reads are served by an index, so they cost what the class costs.

The release board, its poll and the detail drawer read a class's evidence (or one student's)
through `progression.engine.load_rows`. The issue this guards against: a filter no index could
serve (`classroom_id = X OR target_id IN (…)`) made PostgreSQL scan the whole district's log
on every view. Here the log holds many classes; after ANALYZE the planner picks a plan by its
real costs, and the plan must reach the evidence table through a (classroom, …) index
(`evidence_class_time_idx` for the board, (classroom, subject, occurred_at) for the drawer),
never by a sequential scan of it.

Why enough rows: on a table of a few hundred rows a sequential scan *is* the cheapest plan and
PostgreSQL rightly takes it, so a plan test on a tiny table proves nothing. With 60 classes
of 400 events the class is 1/60th of the table and an index scan wins on cost; the old OR
shape still had to scan the table (no index serves `target_id` alone), which is what this
test would catch. On SQLite the same rule is checked with EXPLAIN QUERY PLAN.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import SchoolFactory, StudentFactory
from trellis.evidence import queries as evidence_queries
from trellis.evidence.models import EvidenceEvent
from trellis.evidence.verbs import Verb
from trellis.progression import engine
from trellis.rosters.models import Classroom

pytestmark = pytest.mark.django_db

CLASSES = 60
PER_CLASS = 400


def _district():
    school = SchoolFactory()
    classes = Classroom.objects.bulk_create(
        [
            Classroom(school=school, course=f"C{i}", section="A", term="t", join_code=f"QP{i:04d}")
            for i in range(CLASSES)
        ]
    )
    students = [StudentFactory(school=school) for _ in range(10)]
    start = timezone.now() - timedelta(days=30)
    verbs = [Verb.ANSWERED, Verb.RATED_CONFIDENCE, Verb.SUBMITTED, Verb.PULSE_ANSWERED]
    EvidenceEvent.objects.bulk_create(
        [
            EvidenceEvent(
                occurred_at=start + timedelta(minutes=n),
                actor=students[n % 10],
                subject=students[n % 10],
                verb=verbs[n % 4].value,
                object_type="checkin-item",
                object_id=str(n),
                target_id=1000 + c.pk,
                classroom=c,
                result={"success": n % 3 != 0},
                context={"extensions": {"task": 7}},
            )
            for c in classes
            for n in range(PER_CLASS)
        ],
        batch_size=2000,
    )
    return classes[CLASSES // 2], students[3]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE evidence_evidenceevent")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(col) for col in row) for row in cursor.fetchall())


def _assert_index_served(plan: str):
    assert "evidence_evidenceevent" in plan or "evidence_e" in plan, plan
    if connection.vendor == "postgresql":
        assert "Seq Scan on evidence_evidenceevent" not in plan, plan
        assert "Index" in plan, plan
    else:
        # SQLite: SEARCH … USING INDEX is a range of an index; SCAN is the whole table (even
        # "SCAN … USING INDEX", which walks all of it in index order).
        # AUTOMATIC INDEX is one SQLite builds for the query by reading the whole table.
        lines = [line for line in plan.splitlines() if "SCAN" in line or "SEARCH" in line]
        assert lines and all("SEARCH" in line and "INDEX" in line for line in lines), plan
        assert "AUTOMATIC" not in plan, plan


def test_a_class_board_reads_its_evidence_through_an_index():
    classroom, _ = _district()
    queryset = evidence_queries.class_rows(classroom.pk, engine.READINESS_VERBS)
    _assert_index_served(_plan(queryset))
    rows = engine.load_rows(classroom)
    assert len(rows) == PER_CLASS // 2  # answers and ratings of this class only


def test_the_drawer_reads_one_students_evidence_through_an_index():
    classroom, student = _district()
    queryset = evidence_queries.class_rows(
        classroom.pk, engine.READINESS_VERBS, student_id=student.pk
    )
    _assert_index_served(_plan(queryset))
    rows = engine.load_rows(classroom, student_id=student.pk)
    assert rows and {r.subject_id for r in rows} == {student.pk}
