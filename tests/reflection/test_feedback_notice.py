"""A student hears that feedback arrived on their work: one unread notice per piece of work and
kind of reviewer (teacher, classmate), never naming the reviewer, in the bell and the digest."""

from django.core import mail

from tests.work.factories import criteria_of, hand_in
from trellis.reflection import actions, queries
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import peer as peer_actions

HELPFUL = "Your second paragraph names the evidence; add where the numbers came from."


def _comment(user, revision, crit, body=HELPFUL):
    return feedback_actions.give_feedback(
        user, revision, criterion_id=crit["id"], body=body, send_anyway=True
    )


def test_teacher_feedback_rings_the_bell_once_per_piece(refl):
    crit = criteria_of(refl.assignment)[0]
    _comment(refl.teacher, refl.revision, crit)
    _comment(refl.teacher, refl.revision, crit, body=HELPFUL + " Also check the title.")
    notes = list(refl.student.notifications.filter(kind="feedback-teacher"))
    assert len(notes) == 1
    assert notes[0].text == (
        f"Your teacher gave you feedback on {refl.assignment.title}, version 1."
    )
    assert notes[0].url == f"/work/revisions/{refl.revision.pk}/"
    assert refl.teacher.name not in notes[0].text
    assert queries.unread_count(refl.student) == 1
    # Read: the next comment rings again; a new version is a new notice.
    actions.mark_all_read(refl.student)
    _comment(refl.teacher, refl.revision, crit, body=HELPFUL + " One more thing.")
    second = hand_in(refl.student, refl.assignment, text="A second version with sources.")
    _comment(refl.teacher, second, crit)
    assert queries.unread_count(refl.student) == 2
    # Nobody else hears of it.
    assert refl.guardian.notifications.count() == 0
    assert refl.teacher.notifications.filter(kind__startswith="feedback").count() == 0


def test_peer_feedback_is_a_notice_that_names_no_classmate(refl):
    crit = criteria_of(refl.assignment)[0]
    peer_actions.add_pair(
        refl.teacher, refl.assignment, reviewer_id=refl.classmate.pk, author_id=refl.student.pk
    )
    _comment(refl.classmate, refl.revision, crit)
    note = refl.student.notifications.get(kind="feedback-peer")
    assert note.text.startswith("A classmate gave you feedback on")
    assert refl.classmate.first_name not in note.text
    assert refl.classmate.notifications.count() == 0


def test_feedback_notice_goes_into_the_weekly_digest(refl, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    refl.student.email = "sam@example.org"
    refl.student.save(update_fields=["email"])
    actions.choose_digest(refl.student, True)
    _comment(refl.teacher, refl.revision, criteria_of(refl.assignment)[0])
    assert actions.send_digests() == 1
    assert "Your teacher gave you feedback on" in mail.outbox[0].body
