"""The engine learns from the school: `trellis readiness refit` fits every learning target
from the school's whole history, stores versioned numbers, and the board uses the latest with
reasons that say where the numbers come from."""

from datetime import timedelta

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import TeacherFactory, class_with
from tests.progression.factories import running_task, students_of
from trellis.cli import main as trellis_main
from trellis.curriculum import actions as curriculum
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.grr import Phase
from trellis.progression import fitting, queries
from trellis.progression.models import ParamsFit, TargetParams
from trellis.progression.queries import clear_readiness_cache

pytestmark = pytest.mark.django_db


def answers(klass, students, target_id, n, seed, ratings=False):
    """Each student answers ``n`` items on the target: wrong at first, then mostly right.
    With ``ratings`` each answer is followed by a confidence rating: 2 before they learned
    it and 4 after for most, 4 throughout for every fifth student (over-confident)."""
    rng = np.random.default_rng(seed)
    start = timezone.now() - timedelta(days=30)
    for s_i, student in enumerate(students):
        learned = int(rng.integers(1, n))
        for i in range(n):
            right = bool(rng.random() < (0.9 if i >= learned else 0.2))
            at = start + timedelta(minutes=s_i * 100 + i)
            record(
                actor=student,
                verb=Verb.ANSWERED,
                object_type="checkin-item",
                object_id=i,
                subject=student,
                classroom=klass,
                target_id=target_id,
                result={"success": right},
                occurred_at=at,
            )
            if ratings:
                rating = 4 if i >= learned or s_i % 5 == 0 else int(rng.choice([1, 2, 2, 3]))
                record(
                    actor=student,
                    verb=Verb.RATED_CONFIDENCE,
                    object_type="checkin-item",
                    object_id=i,
                    subject=student,
                    classroom=klass,
                    target_id=target_id,
                    result={"score": {"raw": rating, "min": 1, "max": 4}},
                    occurred_at=at + timedelta(seconds=20),
                )


@pytest.fixture
def school_history():
    teacher = TeacherFactory()
    big = class_with(teacher, students=55)
    small = class_with(teacher, students=4, school=teacher.school)
    task = running_task(teacher, big)
    well_practised = task.targets.first()
    thin = curriculum.create_target(teacher, small, statement="I can check my answer")
    untouched = curriculum.create_target(teacher, small, statement="I can explain my method")
    answers(big, students_of(big), well_practised.pk, 6, seed=1)
    answers(small, students_of(small), thin.pk, 6, seed=2)
    return teacher, big, task, well_practised, thin, untouched


def test_refit_stores_every_target_with_its_source_and_size(school_history):
    teacher, big, _, well_practised, thin, untouched = school_history
    call_command("readiness_refit", "--restarts", "1")
    fit = ParamsFit.objects.get(school=teacher.school)
    assert fit.version == 1 and fit.n_targets == 3
    assert fit.n_students == 59 and fit.n_opportunities == 59 * 6
    rows = {p.target_id: p for p in TargetParams.objects.filter(fit=fit)}
    assert rows[well_practised.pk].source == "pooled"
    assert rows[well_practised.pk].n_students == 55
    assert rows[well_practised.pk].n_opportunities == 330
    assert rows[well_practised.pk].reason == "learned from 55 students in your school"
    assert rows[thin.pk].reason == (
        "learned from 4 students in your school, leaning on its typical values"
    )
    assert rows[untouched.pk].source == "population" and rows[untouched.pk].n_students == 0
    assert rows[untouched.pk].reason == "too little history: using the school's typical values"
    for p in rows.values():
        assert 0 < p.prior < 1 and 0 < p.guess < 1 and 0 < p.slip < 1 and 0 < p.learn < 1
    # No confidence ratings in this history: no rating profiles, answers alone release.
    assert fit.population["rating_profiles"] is None and fit.population["rated_histories"] == 0
    assert fitting.params_for(big, [well_practised.pk]).profiles is None


def test_with_ratings_in_the_history_the_refit_learns_rating_profiles_and_the_board_reads_them():
    teacher = TeacherFactory()
    big = class_with(teacher, students=55)
    task = running_task(teacher, big)
    target = task.targets.first()
    answers(big, students_of(big), target.pk, 8, seed=3, ratings=True)
    fit = fitting.refit(teacher.school, restarts=1)
    # Ratings are not opportunities: only the answers count.
    assert fit.n_opportunities == 55 * 8 and fit.population["rated_histories"] == 55
    params = fitting.params_for(big, [target.pk])
    profiles = params.profiles
    assert profiles is not None and profiles.n_students == 55
    described = {profiles.describe(k) for k in range(len(profiles.weights))}
    assert "rates high before the work shows it" in described
    clear_readiness_cache()
    board = queries.board(teacher, big)
    reasons = [c.rec.reason for row in board.rows for c in row.cells]
    assert reasons and all("answers and ratings together" in r for r in reasons)


def test_the_board_uses_the_latest_version_and_says_where_the_numbers_come_from(
    school_history,
):
    teacher, big, _task, well_practised, _, _ = school_history
    clear_readiness_cache()
    before = queries.board(teacher, big)
    reasons = [c.rec.reason for row in before.rows for c in row.cells]
    assert not any("learned from" in r for r in reasons)  # no fit yet: the engine's defaults

    fitting.refit(teacher.school, restarts=1)
    second = fitting.refit(teacher.school, restarts=1)
    assert second.version == 2
    TargetParams.objects.filter(fit=second, target=well_practised).update(
        reason="learned from 999 students in your school"
    )
    params = fitting.params_for(big, [well_practised.pk])
    assert params[str(well_practised.pk)].reason == "learned from 999 students in your school"

    clear_readiness_cache()
    after = queries.board(teacher, big)
    reasons = [c.rec.reason for row in after.rows for c in row.cells]
    assert reasons and all("learned from 999 students in your school" in r for r in reasons)


def test_another_schools_fit_is_never_used(school_history):
    _teacher, big, _, well_practised, _, _ = school_history
    other_teacher = TeacherFactory()
    other = class_with(other_teacher, students=1)
    fitting.refit(other_teacher.school, restarts=1)
    assert fitting.params_for(big, [well_practised.pk]) == {}
    assert fitting.params_for(other, [well_practised.pk]) == {}


def test_unknown_school_says_what_to_do():
    with pytest.raises(CommandError, match=r"No school with id 987654\. Leave out --school"):
        call_command("readiness_refit", "--school", "987654")


def test_trellis_readiness_refit_runs_the_management_command(school_history, capsys):
    teacher = school_history[0]
    assert trellis_main(["readiness", "refit", "--school", str(teacher.school.pk)]) == 0
    out = capsys.readouterr().out
    assert "version 1, 3 target(s) from 59 student(s) and 354 opportunities" in out
    assert Phase.GUIDED  # the engine's phases are untouched by a refit


def test_refit_runs_as_a_background_job(school_history, capsys):
    from trellis.common.jobs import run_pending
    from trellis.common.models import JobRun

    teacher = school_history[0]
    call_command("readiness_refit", "--school", str(teacher.school.pk), "--enqueue")
    assert "refit queued" in capsys.readouterr().out
    assert not ParamsFit.objects.exists()
    assert run_pending() == 1
    run = JobRun.objects.get()
    assert run.status == JobRun.Status.DONE
    assert run.result == {"version": 1, "n_targets": 3, "n_students": 59}
    assert ParamsFit.objects.get(school=teacher.school).version == 1


def test_a_class_tuned_stricter_or_looser_stays_so_when_ratings_count():
    from trellis.progression import engine

    base = {"advance_confidence": 3.0, "step_back_mastery": 0.4}
    looser = engine.tuned({"advance_mastery": 0.95, **base})
    stricter = engine.tuned({"advance_mastery": 0.99, **base})
    assert looser.advance_belief == pytest.approx(engine.THRESHOLDS.advance_belief - 0.02)
    assert stricter.advance_belief == pytest.approx(0.99)  # never the unreachable 1
    default = engine.tuned({"advance_mastery": engine.THRESHOLDS.advance_mastery, **base})
    assert default == engine.THRESHOLDS
