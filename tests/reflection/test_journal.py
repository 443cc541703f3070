"""The journal: reflections at the moments that matter, class prompts, audio checked by its
content, transcripts with a stale-save check, teachers' modelled reflections, the timeline,
and "then and now" revisits (suggested, and required by an assignment)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.reflection.conftest import WEBM, hand_in, reflection_of
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.reflection import actions, queries
from trellis.reflection.models import DEFAULT_PROMPTS, Moment, Reflection

pytestmark = pytest.mark.django_db


def test_a_reflection_keeps_the_prompt_the_class_uses(refl):
    r = reflection_of(refl, moment="guided", target_id=refl.targets[0].pk)
    assert r.prompt == DEFAULT_PROMPTS[Moment.GUIDED]
    actions.set_class_prompt(refl.teacher, refl.klass, "guided", "What did the steps teach you?")
    r2 = reflection_of(refl, moment="guided")
    assert r2.prompt == "What did the steps teach you?"
    assert queries.prompts_of(refl.klass)["revision"] == DEFAULT_PROMPTS[Moment.REVISION]
    # Emptying it goes back to ours.
    actions.set_class_prompt(refl.teacher, refl.klass, "guided", "")
    assert queries.prompts_of(refl.klass)["guided"] == DEFAULT_PROMPTS[Moment.GUIDED]


def test_only_the_class_teacher_edits_prompts(refl):
    for who in (refl.student, refl.other_teacher):
        with pytest.raises(NotFound):
            actions.set_class_prompt(who, refl.klass, "guided", "x")


def test_an_empty_reflection_is_refused_with_a_message(refl):
    with pytest.raises(UserError) as e:
        actions.write_reflection(refl.student, refl.klass, moment="guided", body="  ")
    assert e.value.field == "body"


def test_audio_is_stored_and_audio_that_is_not_audio_is_refused(refl):
    r = actions.write_reflection(
        refl.student,
        refl.klass,
        moment="revision",
        audio=SimpleUploadedFile("recording.webm", WEBM, content_type="audio/webm"),
        transcript="I changed my ending.",
    )
    assert r.audio_type == "audio/webm" and r.audio_size == len(WEBM)
    with pytest.raises(UserError) as e:
        actions.write_reflection(
            refl.student,
            refl.klass,
            moment="revision",
            audio=SimpleUploadedFile("recording.webm", b"%PDF-1.4 not audio", "audio/webm"),
        )
    assert e.value.field == "audio" and "not a sound recording" in e.value.message
    assert Reflection.objects.count() == 1


def test_a_recording_over_the_limit_is_refused(refl, settings):
    settings.REFLECTION_MAX_AUDIO_BYTES = 100
    with pytest.raises(UserError) as e:
        actions.write_reflection(
            refl.student,
            refl.klass,
            moment="free",
            audio=SimpleUploadedFile("r.webm", WEBM, "audio/webm"),
        )
    assert "limit" in e.value.message


def test_a_stale_transcript_save_is_refused(refl):
    r = reflection_of(refl)
    actions.update_transcript(refl.student, r.pk, "First words", r.version)
    with pytest.raises(Conflict):
        actions.update_transcript(refl.student, r.pk, "Other words", r.version)
    r.refresh_from_db()
    assert r.transcript == "First words"


def test_the_teacher_models_a_reflection_the_class_sees(refl):
    actions.write_reflection(
        refl.teacher, refl.klass, moment="free", body="My demo ran long.", shown_to_class=True
    )
    actions.write_reflection(refl.teacher, refl.klass, moment="free", body="Private note")
    page = queries.journal(refl.student, refl.klass)
    assert [r.body for r in page.modelled] == ["My demo ran long."]


def test_a_student_cannot_reflect_in_another_class(refl):
    with pytest.raises(NotFound):
        actions.write_reflection(refl.other_student, refl.klass, moment="free", body="Hi")


def test_a_reflection_may_point_only_at_own_work(refl):
    other = hand_in(refl.classmate, refl.assignment)
    with pytest.raises(UserError) as e:
        reflection_of(refl, revision_id=other.pk)
    assert e.value.field == "revision"


def test_timeline_puts_reflections_beside_phase_moves(refl):
    from tests.progression.factories import running_task
    from trellis.progression import actions as progression_actions

    task = running_task(refl.teacher, refl.klass, title="Fractions")
    reflection_of(refl, moment="guided", task_id=task.pk)
    progression_actions.move_students(refl.teacher, task, [refl.student.pk], "advance")
    entries = queries.timeline(refl.student, refl.klass)
    kinds = [e.kind for e in entries]
    assert kinds == ["said", "moved"]
    assert "Fractions" in entries[1].title


def test_then_and_now_and_a_required_revisit_completes_the_hand_in(refl):
    old = reflection_of(refl, moment="guided", target_id=refl.targets[0].pk)
    actions.require_revisit(refl.teacher, refl.assignment.pk, True)
    page = queries.journal(refl.student, refl.klass)
    assert [a.pk for a in page.required] == [refl.assignment.pk]
    revisit = actions.make_revisit(
        refl.student,
        refl.klass,
        then_kind="reflection",
        then_id=old.pk,
        now_kind="revision",
        now_id=refl.revision.pk,
        note="I used evidence this time.",
        assignment_id=refl.assignment.pk,
    )
    # The hand-in came first, so it is the "then" (the pieces are put in time order).
    assert revisit.then_label == "Trees in the city, version 1"
    assert revisit.now_label.startswith("Reflection") and revisit.now_kind == "reflection"
    assert queries.journal(refl.student, refl.klass).required == []
    # The teacher hears about it.
    assert refl.teacher.notifications.filter(kind="revisit").count() == 1


def test_a_new_hand_in_suggests_old_pieces_on_the_same_target(refl):
    reflection_of(refl, moment="guided", target_id=refl.targets[0].pk)
    hand_in(refl.student, refl.assignment, text="A second, better essay.")
    page = queries.journal(refl.student, refl.klass)
    labels = [s.label for s in page.suggestions]
    assert any("version 1" in x for x in labels)
    assert any(x.startswith("Reflection") for x in labels)


def test_a_revisit_of_someone_elses_piece_is_refused(refl):
    theirs = reflection_of(refl, student=refl.classmate)
    with pytest.raises(UserError):
        actions.make_revisit(
            refl.student,
            refl.klass,
            then_kind="reflection",
            then_id=theirs.pk,
            now_kind="revision",
            now_id=refl.revision.pk,
            note="x",
        )


def test_the_journal_asks_at_the_moments_that_matter(refl):
    from tests.progression.factories import running_task
    from trellis.progression import actions as progression_actions

    page = queries.journal(refl.student, refl.klass)
    assert [w.moment for w in page.waiting] == ["revision"]
    assert f"revision={refl.revision.pk}" in page.waiting[0].query
    reflection_of(refl, moment="revision", revision_id=refl.revision.pk)
    assert queries.journal(refl.student, refl.klass).waiting == []
    # Leaving guided practice calls for one too.
    task = running_task(refl.teacher, refl.klass, title="Fractions")
    for _ in range(3):
        progression_actions.move_students(refl.teacher, task, [refl.student.pk], "advance")
    waiting = queries.journal(refl.student, refl.klass).waiting
    assert [w.moment for w in waiting] == ["guided"] and "Fractions" in waiting[0].why
    reflection_of(refl, moment="guided")
    assert queries.journal(refl.student, refl.klass).waiting == []


def test_a_sure_but_wrong_check_in_calls_for_a_reflection(refl):
    from tests.checkins.factories import checkin_with, exit_run, single
    from trellis.checkins import actions as checkin_actions

    checkin, (q,) = checkin_with(refl.teacher, [single()], title="Sums")
    run = exit_run(refl.teacher, checkin, refl.klass)
    checkin_actions.submit_answer(refl.student, run, q.pk, {"keys": ["B"]})
    checkin_actions.rate_confidence(refl.student, run, q.pk, 4)
    waiting = queries.journal(refl.student, refl.klass).waiting
    assert "sure_wrong" in [w.moment for w in waiting]
    assert "Sums" in next(w.why for w in waiting if w.moment == "sure_wrong")
    reflection_of(refl, moment="sure_wrong")
    assert "sure_wrong" not in [w.moment for w in queries.journal(refl.student, refl.klass).waiting]
