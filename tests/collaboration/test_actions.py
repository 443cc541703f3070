"""Teams, the shared space, inquiries, moderation, observation, decisions and trust."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.checkins.factories import checkin_with, single
from tests.factories import TeacherFactory
from trellis.checkins import actions as checkin_actions
from trellis.collaboration import actions, queries
from trellis.collaboration.models import TrustAnswer, TrustParticipation
from trellis.common.errors import NotFound, UserError

pytestmark = pytest.mark.django_db


def test_a_teacher_makes_a_team_and_the_facilitator_rotates(world):
    team = actions.create_team(world.teacher, name="Science", member_ids=[world.other_teacher.pk])
    assert team.facilitator == world.teacher
    assert actions.rotate_facilitator(world.teacher, team) == world.other_teacher
    assert actions.rotate_facilitator(world.other_teacher, team) == world.teacher
    with pytest.raises(NotFound):
        actions.rotate_facilitator(world.far_teacher, team)
    with pytest.raises(UserError, match="not a teacher of your school"):
        actions.create_team(world.teacher, name="X", member_ids=[world.far_teacher.pk])
    with pytest.raises(UserError, match="name is empty"):
        actions.create_team(world.teacher, name="  ")


def test_a_leader_makes_a_team_without_joining_it(world):
    team = actions.create_team(
        world.leader, name="Grade 9", kind="grade", member_ids=[world.teacher.pk]
    )
    assert [m.teacher for m in team.members.all()] == [world.teacher]
    with pytest.raises(UserError, match="at least one teacher"):
        actions.create_team(world.leader, name="Empty")
    with pytest.raises(UserError):
        actions.create_team(world.student, name="Ours")


def test_shared_with_my_team_means_the_team(world):
    checkin, _ = checkin_with(world.teacher, [single()], shared=True)
    with pytest.raises(NotFound):
        actions.copy_checkin(world.other_teacher, checkin.pk)  # no team yet
    actions.create_team(world.teacher, name="Pair", member_ids=[world.other_teacher.pk])
    copy = actions.copy_checkin(world.other_teacher, checkin.pk)
    assert copy.owner == world.other_teacher and copy.copied_from == checkin
    third = TeacherFactory(school=world.school)
    with pytest.raises(NotFound):
        actions.copy_checkin(third, checkin.pk)


def test_a_teammates_shared_task_is_copied_into_my_class_and_credited(world):
    from trellis.curriculum import actions as curriculum_actions

    task = curriculum_actions.create_task(
        world.teacher, world.klass, title="Ratios", shared_with_team=True
    )
    with pytest.raises(NotFound):
        actions.copy_task(world.other_teacher, task.pk, world.other_class.pk)
    team = actions.create_team(world.teacher, name="Pair", member_ids=[world.other_teacher.pk])
    page = queries.team_page(world.other_teacher, team)
    assert [(i.kind, i.title, i.author) for i in page.shared] == [
        ("task", "Ratios", world.teacher.name)
    ]
    copy = actions.copy_task(world.other_teacher, task.pk, world.other_class.pk)
    assert copy.classroom == world.other_class and copy.copied_from == task
    with pytest.raises(NotFound):
        actions.copy_task(world.other_teacher, task.pk, world.klass.pk)  # not their class


def test_pooled_results_hide_the_small_class_and_a_second_one(world, team_scene):
    s = team_scene
    r = queries.pooled_results(s.team, s.checkin)
    assert [c.hidden for c in r.classes] == [True, False, True] or sum(
        c.hidden for c in r.classes
    ) == 2
    # The small class (4 students) is hidden, and so is one more: else total − shown = it.
    small = next(c for c in r.classes if c.id == s.classes[2].pk)
    assert small.hidden and str(small.students) == "fewer than 10 students"
    assert r.complementary and not r.total_hidden
    row = r.rows[0]
    assert str(row.team) == "50% right (14 of 28)"
    shown = [c for c in row.cells if not c.hidden]
    assert len(shown) == 1 and str(shown[0]) == "50% right (6 of 12)"
    # The misconception is named; its count (14) is shown, no student is.
    assert [(t, str(f)) for t, f in row.misconceptions] == [("Multiplied instead of adding", "14")]


def test_pooled_results_say_when_a_question_was_edited_between_classes(world, team_scene):
    s = team_scene
    checkin_actions.edit_question(world.teacher, s.question, single(prompt="What is 3 + 2?"))
    extra = checkin_actions.start_run(
        world.teacher,
        s.checkin,
        world.klass,
        mode="exit",
        closes_at=timezone.now() + timedelta(minutes=5),
    )
    checkin_actions.submit_answer(world.student, extra, s.question.pk, {"keys": ["A"]})
    r = queries.pooled_results(s.team, s.checkin)
    assert "Edited between classes" in r.rows[0].version_note
    assert "Algebra · A answered version 2" in r.rows[0].version_note


def test_an_inquiry_from_question_to_conclusion(world, team_scene):
    s = team_scene
    practice = actions.create_practice(
        world.teacher,
        title="Worked examples with fading",
        description="Show a full example, then remove steps one at a time.",
        citation="Renkl & Atkinson (2003)",
        subject="Maths",
        targets_text="proportions",
    )
    inquiry = actions.open_inquiry(
        world.teacher,
        s.team,
        question="Why do our Grade 9s stall on proportions?",
        starts_on=s.later,
        ends_on=s.later + timedelta(days=20),
        measure_id=s.checkin.pk,
        practice_id=practice.pk,
    )
    page = queries.inquiry_page(world.teacher, inquiry)
    assert (page.before.met, page.before.students) == (14, 28)
    assert page.after.students == 0 and page.change.too_few
    assert page.change.describe() == "too few students to tell"
    done = actions.finish_inquiry(
        world.other_teacher, inquiry, outcome="did_not_work", conclusion="No change we could see."
    )
    assert done.result == {"kind": "checkin", "before": [14, 28], "after": [0, 0]}
    library = queries.practice_library(s.third, "proportions")
    assert library[0].evidence == {"It did not work": 1}
    assert library[0].tried_by == ["Grade 9 maths"]
    assert queries.practice_library(s.third, "nothing like it") == []
    with pytest.raises(UserError, match="already finished"):
        actions.finish_inquiry(world.teacher, inquiry, outcome="worked", conclusion="x")


def test_an_inquiry_needs_an_action_and_a_sane_period(world, team_scene):
    s = team_scene
    with pytest.raises(UserError, match="ends before it starts"):
        actions.open_inquiry(
            world.teacher,
            s.team,
            question="Q?",
            starts_on=s.later,
            ends_on=s.later - timedelta(days=2),
            action="x",
        )
    with pytest.raises(UserError, match="Say what the team will try"):
        actions.open_inquiry(
            world.teacher, s.team, question="Q?", starts_on=s.later, ends_on=s.later
        )
    with pytest.raises(NotFound):
        actions.open_inquiry(
            world.far_teacher, s.team, question="Q?", starts_on=s.later, ends_on=s.later, action="x"
        )


def test_moderation_reveals_scores_after_scoring_and_reaches_agreement(world, team_scene):
    s = team_scene
    rnd = actions.create_round(
        world.teacher,
        s.team,
        title="Lab reports",
        criteria=["Reasoning", "Communication"],
        levels=4,
        pieces=["Piece one text", "Piece two text"],
    )
    a, b = rnd.pieces.order_by("label")
    actions.score_piece(world.teacher, a.pk, {"c1": 3, "c2": 2})
    page = queries.round_page(world.teacher, rnd)
    assert not page.revealed
    actions.score_piece(world.teacher, b.pk, {"c1": 2, "c2": 2})
    actions.score_piece(world.other_teacher, a.pk, {"c1": 1, "c2": 2})
    actions.score_piece(world.other_teacher, b.pk, {"c1": 2, "c2": 2})
    page = queries.round_page(world.teacher, rnd)
    assert page.revealed and page.scorers == 2
    assert [(c.name, c.rate) for c in page.agreement] == [("Reasoning", 50), ("Communication", 100)]
    assert page.widest[0].piece.pk == a.pk and page.widest[0].spread == 2
    with pytest.raises(UserError, match="level from 1 to 4"):
        actions.score_piece(world.teacher, a.pk, {"c1": 9, "c2": 2})
    piece = actions.agree_piece(
        world.teacher, a.pk, {"c1": 2, "c2": 2}, note="Reasoning is partial.", exemplar=True
    )
    assert piece.agreed == {"c1": 2, "c2": 2}
    assert queries.exemplars_of(world.other_teacher) == [piece]
    with pytest.raises(NotFound):
        actions.score_piece(world.far_teacher, a.pk, {"c1": 1, "c2": 1})


def test_observation_notes_belong_to_the_observed_teacher(world, team_scene):
    s = team_scene
    obs = actions.invite_observer(
        world.teacher,
        observer_id=world.other_teacher.pk,
        focus="How I release in guided practice",
        lesson_on=s.later,
        team_id=s.team.pk,
    )
    actions.record_notes(
        world.other_teacher,
        obs.pk,
        saw="Three check questions.",
        students_did="Worked in pairs.",
        wondered="When do you decide to release?",
    )
    with pytest.raises(NotFound):
        queries.get_observation_for(s.third, obs.pk)  # not shared yet
    with pytest.raises(NotFound):
        actions.reply_and_share(world.other_teacher, obs.pk, reply="x", share=True)
    actions.reply_and_share(world.teacher, obs.pk, reply="When most are sure.", share=True)
    assert queries.get_observation_for(s.third, obs.pk).reply == "When most are sure."
    assert queries.observation_counts([s.team]) == {s.team.pk: 1}


def test_decisions_come_due_for_review(world, team_scene):
    s = team_scene
    today = timezone.localdate()
    d = actions.log_decision(
        world.teacher,
        s.team,
        proposal="Exit ticket every Friday",
        decision="Yes, for a term",
        review_on=today,
        participant_ids=[world.teacher.pk, world.other_teacher.pk, world.far_teacher.pk],
    )
    assert d.participants.count() == 2
    assert queries.decisions_due(world.leader, today) == [d]
    actions.review_decision(world.other_teacher, d, outcome="worked", note="Kept it.")
    assert queries.decisions_due(world.leader, today) == []


def test_the_trust_pulse_is_anonymous_and_shown_from_five_answers(world):
    today = timezone.localdate()
    pulse = actions.open_trust_pulse(world.leader, title="Autumn", opens_on=today, closes_on=today)
    teachers = [world.teacher, world.other_teacher] + [
        TeacherFactory(school=world.school) for _ in range(3)
    ]
    for i, t in enumerate(teachers[:4]):
        actions.answer_trust_pulse(t, pulse, [i % 5 + 1] * 5)
    (result,) = queries.trust_results([pulse])
    assert result.answered == 4 and not result.shown
    assert all(s.mean is None for s in result.statements)
    actions.answer_trust_pulse(teachers[4], pulse, [5] * 5)
    (result,) = queries.trust_results([pulse])
    assert result.shown and result.statements[0].mean == 3.0
    with pytest.raises(UserError, match="already answered"):
        actions.answer_trust_pulse(world.teacher, pulse, [1] * 5)
    with pytest.raises(UserError, match="statement 2"):
        actions.answer_trust_pulse(TeacherFactory(school=world.school), pulse, [1, 9, 1, 1, 1])
    # Nothing joins a participation to an answer: random keys, no time, no teacher on answers.
    fields = {f.name for f in TrustAnswer._meta.get_fields()}
    assert fields == {"id", "pulse", "ratings"}
    assert {f.name for f in TrustParticipation._meta.get_fields()} == {"id", "pulse", "teacher"}


def test_leaders_set_focus_and_delegate_roles(world):
    focus = actions.set_focus(world.leader, title="Feedback that moves learning")
    assert queries.focus_options(world.teacher) == [focus]
    with pytest.raises(UserError):
        actions.set_focus(world.teacher, title="Mine")
    actions.delegate_role(world.leader, teacher_id=world.teacher.pk, role="data_lead")
    from trellis.collaboration.permissions import can_read_school

    assert can_read_school(world.teacher) and not can_read_school(world.other_teacher)
