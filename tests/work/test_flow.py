"""The loop end to end through actions: self-assess, hand in, feedback, use it, revise."""

import pytest

from tests.work.factories import ESSAY, HELPFUL, criteria_of, hand_in, levels_of
from trellis.common.errors import UserError
from trellis.evidence.models import EvidenceEvent
from trellis.evidence.queries import counting_events
from trellis.evidence.verbs import Verb
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import submissions as actions
from trellis.work.models import FeedbackResponse, Revision
from trellis.work.queries import work as queries

pytestmark = pytest.mark.django_db


def test_hand_in_records_submitted_and_self_assessed_per_target(work):
    revision = hand_in(work.student, work.assignment)
    assert revision.number == 1
    submitted = counting_events(verb=Verb.SUBMITTED, subject=work.student)
    assert sorted(e.target_id for e in submitted) == sorted(t.pk for t in work.targets)
    selfs = list(counting_events(verb=Verb.SELF_ASSESSED, subject=work.student))
    assert len(selfs) == 2
    # Level 3 of 4 with points 1..4: 3/4.
    assert {e.result["score"]["scaled"] for e in selfs} == {0.75}
    assert {e.target_id for e in selfs} == {t.pk for t in work.targets}


def test_self_assessment_required_before_handing_in(work):
    with pytest.raises(UserError, match="rate your work on every criterion"):
        actions.submit_revision(work.student, work.assignment, kind="text", text="x", self_note="n")
    with pytest.raises(UserError) as e:
        actions.submit_revision(
            work.student,
            work.assignment,
            kind="text",
            text="x",
            self_levels={
                c["id"]: levels_of(work.assignment)[0]["id"] for c in criteria_of(work.assignment)
            },
        )
    assert e.value.field == "self_note"
    assert not Revision.objects.exists()


def test_self_assessment_optional_when_the_teacher_says_so(work):
    from tests.work.factories import assignment_for

    a = assignment_for(work.teacher, work.klass, work.rubric, self_assessment_required=False)
    r = actions.submit_revision(work.student, a, kind="text", text="My work")
    assert r.reviews.count() == 0


def test_revisions_are_kept_and_numbered(work):
    first = hand_in(work.student, work.assignment)
    second = hand_in(work.student, work.assignment, text=ESSAY + " More.")
    assert (first.number, second.number) == (1, 2)
    assert Revision.objects.get(pk=first.pk).text == ESSAY
    revised = counting_events(verb=Verb.REVISED, subject=work.student)
    assert revised.count() == len(work.targets)


def test_the_loop_closes(work):
    revision = hand_in(work.student, work.assignment)
    crit = criteria_of(work.assignment)[0]
    item = feedback_actions.give_feedback(
        work.teacher, revision, criterion_id=crit["id"], body=HELPFUL, quote="four degrees cooler"
    )
    gave = counting_events(verb=Verb.GAVE_FEEDBACK).get()
    assert gave.target_id == crit["target_id"]
    feedback_actions.respond_to_feedback(work.student, item, response="will-use")
    item.refresh_from_db()
    assert item.response == FeedbackResponse.WILL_USE
    second = hand_in(
        work.student, work.assignment, text=ESSAY + " The study was in Leeds.", addresses=[item.pk]
    )
    item.refresh_from_db()
    assert item.response == FeedbackResponse.USED
    assert list(second.addresses.all()) == [item]
    used = counting_events(verb=Verb.USED_FEEDBACK).get()
    assert used.target_id == crit["target_id"] and used.actor == work.student
    # Marking it used again records nothing new.
    feedback_actions.respond_to_feedback(work.student, item, response="used")
    assert counting_events(verb=Verb.USED_FEEDBACK).count() == 1
    rows = {r.student.pk: r for r in queries.assignment_overview(work.assignment)}
    sub = rows[work.student.pk].submission
    assert (sub.feedback_used, sub.feedback_total) == (1, 1)


def test_teacher_score_restates_self_assessment_with_the_gap(work):
    revision = hand_in(work.student, work.assignment, index=3)
    levels = levels_of(work.assignment)
    crit = criteria_of(work.assignment)
    feedback_actions.score_revision(
        work.teacher, revision, levels={c["id"]: levels[1]["id"] for c in crit}
    )
    scored = list(counting_events(verb=Verb.SCORED, subject=work.student))
    assert [e.result["score"]["scaled"] for e in scored] == [0.5, 0.5]
    selfs = list(counting_events(verb=Verb.SELF_ASSESSED, subject=work.student))
    assert len(selfs) == 2
    assert all(e.result["extensions"]["teacher_scaled"] == 0.5 for e in selfs)
    assert all(e.result["score"]["scaled"] == 1.0 for e in selfs)
    assert EvidenceEvent.objects.filter(verb=Verb.VOIDED).count() == 2


def test_changing_a_score_needs_a_reason_and_keeps_the_old_one(work):
    revision = hand_in(work.student, work.assignment)
    levels = levels_of(work.assignment)
    crit = criteria_of(work.assignment)[0]
    feedback_actions.score_revision(work.teacher, revision, levels={crit["id"]: levels[1]["id"]})
    with pytest.raises(UserError, match="Say why"):
        feedback_actions.score_revision(
            work.teacher, revision, levels={crit["id"]: levels[2]["id"]}
        )
    feedback_actions.score_revision(
        work.teacher,
        revision,
        levels={crit["id"]: levels[2]["id"]},
        reasons={crit["id"]: "Missed the second source"},
    )
    page = queries.revision_page(work.teacher, revision)
    teacher = next(r for r in page.reviews if r.review.kind == "teacher")
    assert teacher.scores[0].level_title == "Proficient"
    assert [o.level_title for o in teacher.scores[0].replaced] == ["Developing"]
    scored = list(counting_events(verb=Verb.SCORED, subject=work.student))
    assert [e.result["score"]["scaled"] for e in scored] == [0.75]


def test_revisions_never_lower_the_best_so_far_and_summative_follows_policy(work):
    levels = levels_of(work.assignment)
    crits = criteria_of(work.assignment)
    r1 = hand_in(work.student, work.assignment)
    feedback_actions.score_revision(
        work.teacher, r1, levels={c["id"]: levels[3]["id"] for c in crits}
    )
    r2 = hand_in(work.student, work.assignment, text=ESSAY + " again")
    feedback_actions.score_revision(
        work.teacher, r2, levels={c["id"]: levels[1]["id"] for c in crits}
    )
    page = queries.my_work(work.student, work.assignment)
    assert {lv for _, lv in page.best} == {"Extending"}
    sub = r2.submission
    mark = actions.mark_summative(work.teacher, sub)  # policy: highest
    assert mark.scaled == 1.0
    work.assignment.summative_policy = "most-recent"
    work.assignment.save(update_fields=["summative_policy"])
    with pytest.raises(UserError, match="Say why you are changing it"):
        actions.mark_summative(work.teacher, sub)
    assert actions.mark_summative(work.teacher, sub, reason="Policy changed").scaled == 0.5
    work.assignment.summative_policy = "judgement"
    work.assignment.save(update_fields=["summative_policy"])
    with pytest.raises(UserError, match="what your judgement rests on"):
        actions.mark_summative(work.teacher, sub, percent="80", reason="r")
    assert (
        actions.mark_summative(
            work.teacher, sub, percent="80", note="Strong final", reason="Judged"
        ).scaled
        == 0.8
    )
    assert queries.my_work(work.student, work.assignment).mark.scaled == 0.8


def test_link_must_be_http_or_https(work):
    from tests.work.factories import assignment_for, self_levels

    a = assignment_for(work.teacher, work.klass, work.rubric, accepts_link=True, accepts_text=False)
    for bad in ("javascript:alert(1)", "ftp://x.org/f", "data:text/html,hi", "notalink"):
        with pytest.raises(UserError) as e:
            actions.submit_revision(
                work.student,
                a,
                kind="link",
                link=bad,
                self_levels=self_levels(a),
                self_note="fine",
            )
        assert e.value.field == "link"
    r = actions.submit_revision(
        work.student,
        a,
        kind="link",
        link="https://docs.example.com/essay",
        self_levels=self_levels(a),
        self_note="fine",
    )
    assert r.link == "https://docs.example.com/essay"
    with pytest.raises(UserError, match="takes: link"):
        actions.submit_revision(
            work.student, a, kind="text", text="x", self_levels=self_levels(a), self_note="n"
        )
