import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.charter.factories import class_with_teams, extra_student, members, published_charter
from tests.factories import TeacherFactory
from trellis.charter import actions, pulse_results, queries
from trellis.charter.models import (
    CharterItem,
    CharterVersion,
    Contribution,
    Kickoff,
    PulseParticipation,
    PulseResponse,
    SummaryItem,
)
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.evidence.models import EvidenceEvent
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db


def test_kickoff_starts_with_default_prompts_in_order():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    texts = [p.text for p in kickoff.prompts.all()]
    assert texts == actions.DEFAULT_PROMPTS
    assert "outside school" in texts[0]


def test_starting_twice_offers_the_existing_kickoff_and_never_makes_a_second():
    classroom, teacher = class_with_teams()
    first = actions.start_kickoff(teacher, classroom)
    with pytest.raises(actions.KickoffExists) as e:
        actions.start_kickoff(teacher, classroom)
    assert e.value.kickoff == first
    assert e.value.status == 409
    assert "Continue that one" in e.value.message
    assert Kickoff.objects.filter(classroom=classroom).count() == 1


def test_teacher_edits_reorders_adds_and_removes_prompts():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    p1, p2 = list(kickoff.prompts.all())[:2]
    actions.move_prompt(teacher, p2.pk, "up")
    assert [p.pk for p in kickoff.prompts.order_by("position")][:2] == [p2.pk, p1.pk]
    actions.move_prompt(teacher, p2.pk, "up")  # already first: stays first
    assert kickoff.prompts.order_by("position").first().pk == p2.pk
    actions.edit_prompt(teacher, p1.pk, "  What helped   you most? ")
    p1.refresh_from_db()
    assert p1.text == "What helped you most?"
    new = actions.add_prompt(teacher, classroom, "One more question")
    assert kickoff.prompts.order_by("position").last() == new
    actions.remove_prompt(teacher, new.pk)
    assert kickoff.prompts.count() == 4
    with pytest.raises(UserError) as e:
        actions.move_prompt(teacher, p1.pk, "sideways")
    assert e.value.field == "direction"


def test_a_prompt_teams_wrote_under_cannot_be_removed():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    prompt = kickoff.prompts.first()
    actions.add_board_entry(people[0], team.pk, prompt.pk, "Learning to swim")
    with pytest.raises(UserError, match="stays"):
        actions.remove_prompt(teacher, prompt.pk)


def test_other_teacher_cannot_touch_prompts():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    with pytest.raises(NotFound):
        actions.edit_prompt(
            TeacherFactory(school=classroom.school), kickoff.prompts.first().pk, "x"
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "is empty"), ("   ", "is empty"), ("x" * 501, "501 characters long; the limit is 500")],
)
def test_empty_or_over_long_board_entries_say_what_to_do(text, message):
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    with pytest.raises(UserError, match=message) as e:
        actions.add_board_entry(people[0], team.pk, kickoff.prompts.first().pk, text)
    assert e.value.field == "text"


def test_exactly_500_characters_is_accepted():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    entry = actions.add_board_entry(people[0], team.pk, kickoff.prompts.first().pk, "y" * 500)
    assert len(entry.text) == 500


def test_student_writes_only_on_their_own_team_board():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom, 0)
    other_team, _ = members(classroom, 1)
    with pytest.raises(NotFound):
        actions.add_board_entry(people[0], other_team.pk, kickoff.prompts.first().pk, "hi")
    with pytest.raises(NotFound):
        actions.add_board_entry(teacher, team.pk, kickoff.prompts.first().pk, "hi")


def test_student_without_team_can_write_once_assigned():
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    newcomer = extra_student(classroom)
    team, _ = members(classroom)
    assert queries.my_team(classroom, newcomer) is None
    with pytest.raises(NotFound):
        actions.add_board_entry(newcomer, team.pk, kickoff.prompts.first().pk, "hello")
    roster_actions.move_student(teacher, classroom, newcomer.pk, team.pk)
    entry = actions.add_board_entry(newcomer, team.pk, kickoff.prompts.first().pk, "hello")
    assert entry.team == team


def test_nudge_appears_on_the_team_board():
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    actions.nudge_team(teacher, classroom, team.pk, "Try prompt 3 next")
    board = queries.get_board_for(people[0], classroom, team.pk)
    assert board.nudge.message == "Try prompt 3 next"
    with pytest.raises(UserError, match="limit is 200"):
        actions.nudge_team(teacher, classroom, team.pk, "z" * 201)


def test_similar_contributions_are_grouped_and_the_teacher_can_split_and_merge():
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    team1, p1 = members(classroom, 0)
    team2, p2 = members(classroom, 1)
    a = actions.send_contribution(p1[0], team1.pk, "see", "We don't judge each other")
    b = actions.send_contribution(p2[0], team2.pk, "see", "No judging")
    c = actions.send_contribution(p2[0], team2.pk, "see", "Clear learning targets")
    d = actions.send_contribution(p2[0], team2.pk, "act", "No judging")
    assert a.item_id == b.item_id
    assert c.item_id != a.item_id
    assert d.item_id != a.item_id  # another question, another group
    new = actions.split_contribution(teacher, b.pk)
    assert new.text == "No judging"
    order = list(
        SummaryItem.objects.filter(section="see").order_by("position").values_list("pk", flat=True)
    )
    assert order == [a.item_id, new.pk, c.item_id]
    with pytest.raises(UserError, match="already an idea"):
        actions.split_contribution(teacher, b.pk)
    actions.merge_items(teacher, a.item_id, new.pk)
    assert Contribution.objects.get(pk=b.pk).item_id == a.item_id
    assert not SummaryItem.objects.filter(pk=new.pk).exists()
    with pytest.raises(UserError, match="same question"):
        actions.merge_items(teacher, a.item_id, d.item_id)
    actions.reword_item(teacher, a.item_id, "We never judge each other")
    actions.move_item(teacher, c.item_id, "up")
    sections = {s.section.value: s for s in queries.summary(classroom.charter_kickoff)}
    assert [i.text for i in sections["see"].items] == [
        "Clear learning targets",
        "We never judge each other",
    ]


def test_contribution_needs_a_known_question():
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    with pytest.raises(UserError) as e:
        actions.send_contribution(people[0], team.pk, "rules", "Be nice")
    assert e.value.field == "section"


def test_published_versions_never_change_and_a_revision_keeps_item_keys():
    classroom, teacher = class_with_teams()
    v1 = published_charter(teacher, classroom)
    item = v1.items.get(section="teacher")
    with pytest.raises(UserError, match="never changes"):
        actions.edit_charter_item(teacher, classroom, item.pk, "Changed")
    with pytest.raises(UserError, match="never changes"):
        actions.add_charter_item(teacher, classroom, "students", "Something")
    draft = actions.start_revision(teacher, classroom)
    assert actions.start_revision(teacher, classroom) == draft  # never two drafts
    assert draft.number == 2
    same = draft.items.get(key=item.key)
    actions.edit_charter_item(teacher, classroom, same.pk, "Show us examples of quality work")
    added = actions.add_charter_item(teacher, classroom, "students", "Ask when we are stuck")
    with pytest.raises(UserError, match="what changed") as e:
        actions.publish_charter(teacher, classroom)
    assert e.value.field == "note"
    v2 = actions.publish_charter(teacher, classroom, "Added a student commitment")
    item.refresh_from_db()
    assert item.text == "Make the learning targets clear"  # version 1 untouched
    changes = {c.kind: c for c in queries.diff(v1, v2)}
    assert changes["reworded"].item.key == item.key
    assert changes["added"].item.key == added.key
    refs = queries.commitments_for_class(classroom)
    assert {r.key for r in refs} == {item.key, added.key, v2.items.get(text__startswith="Use").key}
    assert refs[0].url.endswith(f"/items/{refs[0].key}/")


def test_publishing_needs_both_commitment_columns():
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    actions.send_contribution(people[0], team.pk, "teacher", "Explain clearly")
    actions.draft_charter_from_summary(teacher, classroom)
    with pytest.raises(UserError, match="Students will"):
        actions.publish_charter(teacher, classroom)


def test_endorsing_twice_keeps_one_endorsement_with_the_latest_suggestion():
    classroom, teacher = class_with_teams()
    published_charter(teacher, classroom)
    _, people = members(classroom)
    actions.endorse_charter(people[0], classroom, "")
    e = actions.endorse_charter(people[0], classroom, "More group work")
    assert e.version.endorsements.count() == 1
    assert e.would_change == "More group work"
    assert EvidenceEvent.objects.filter(verb="endorsed", actor=people[0]).count() == 1
    with pytest.raises(NotFound):
        actions.endorse_charter(teacher, classroom)


def _ratings(version, score=4):
    return {i.pk: score for i in version.items.filter(section__in=["teacher", "students"])}


def test_named_pulse_answered_twice_counts_once_with_the_latest_answer():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    # Named, so that one answer is shown (an anonymous pulse waits for five: see below).
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=False)
    _, people = members(classroom)
    actions.answer_pulse(people[0], pulse.pk, _ratings(version, 2), "Kind feedback", "")
    actions.answer_pulse(people[0], pulse.pk, _ratings(version, 5), "Check-ins", "Homework")
    assert PulseResponse.objects.filter(pulse=pulse).count() == 1
    results = queries.pulse_results(pulse, with_names=True)
    assert results.responses == 1
    assert results.commitments and all(r.average == 5 for r in results.commitments)
    assert [g.comments[0].text for g in results.doing_well] == ["Check-ins"]


def test_anonymous_pulse_stores_no_link_to_the_student():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=True)
    people = _students(classroom)
    actions.answer_pulse(people[0], pulse.pk, _ratings(version), "Feedback is kind", "")
    row = PulseResponse.objects.get(pulse=pulse)
    assert row.respondent_id is None
    # No key or hash at all: nothing derived from the student's id, with or without the secret.
    assert {f.name for f in PulseResponse._meta.concrete_fields} == {
        "id",
        "created_at",
        "updated_at",
        "pulse",
        "respondent",
        "doing_well",
        "do_better",
    }
    # Who answered is kept apart, with nothing that orders it against the answers.
    participation = PulseParticipation.objects.get(pulse=pulse)
    assert participation.student == people[0]
    assert {f.name for f in PulseParticipation._meta.concrete_fields} == {"id", "pulse", "student"}
    assert isinstance(participation.pk, uuid.UUID)
    event = EvidenceEvent.objects.get(verb="pulse-answered")
    assert event.actor_id is None and event.subject_id is None
    assert queries.my_pulse_answer(people[0], pulse).answered
    assert not queries.my_pulse_answer(people[1], pulse).answered
    for person in people[1:5]:
        actions.answer_pulse(person, pulse.pk, _ratings(version), "", "")
    results = queries.pulse_results(pulse, with_names=True)
    assert results.doing_well[0].comments[0].name is None


def test_anonymous_pulse_answer_is_sealed_and_counts_once():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=True)
    _, people = members(classroom)
    actions.answer_pulse(people[0], pulse.pk, _ratings(version, 2), "Kind feedback", "")
    with pytest.raises(Conflict, match="already answered this pulse"):
        actions.answer_pulse(people[0], pulse.pk, _ratings(version, 5), "Again", "")
    assert PulseResponse.objects.filter(pulse=pulse).count() == 1
    assert all(r.average == 2 for r in queries.pulse_results(pulse, with_names=True).commitments)


def _students(classroom):
    from trellis.rosters.queries import roster

    return [row.enrollment.user for row in roster(classroom)]


def test_anonymous_pulse_results_wait_for_five_answers():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=True)
    people = _students(classroom)
    for i, person in enumerate(people[:4]):
        actions.answer_pulse(person, pulse.pk, _ratings(version, 1 + i), f"Comment {i}", "")
    results = queries.pulse_results(pulse, with_names=True)
    assert results.withheld and results.responses == 4
    assert results.commitments == [] and results.doing_well == [] and results.do_better == []
    trend_points = [pt for t in queries.trends([pulse]) for pt in t.points]
    assert trend_points and all(pt.average is None for pt in trend_points)
    actions.answer_pulse(people[4], pulse.pk, _ratings(version, 5), "Comment 4", "")
    results = queries.pulse_results(pulse, with_names=True)
    assert not results.withheld and results.responses == 5
    assert all(r.count == 5 for r in results.commitments)
    assert all(pt.average == 3 for t in queries.trends([pulse]) for pt in t.points)


def test_anonymous_comments_are_not_in_the_order_they_were_written(monkeypatch):
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=True)
    # Texts far apart so that grouping similar comments keeps each on its own.
    texts = ["Apples", "Bicycles", "Cathedrals", "Dolphins", "Earthquakes", "Fjords"]
    for person, text in zip(_students(classroom), texts, strict=False):
        actions.answer_pulse(person, pulse.pk, _ratings(version), text, "")
    shuffled = []
    monkeypatch.setattr(
        pulse_results, "_shuffle", lambda rows: (rows.reverse(), shuffled.append(1))
    )
    results = queries.pulse_results(pulse, with_names=True)
    assert shuffled == [1]
    assert [g.comments[0].text for g in results.doing_well] == texts[::-1]
    # And the real shuffle: 20 readings of 6 comments all in written order is (1/720)^20.
    monkeypatch.undo()
    orders = {
        tuple(g.comments[0].text for g in queries.pulse_results(pulse, with_names=True).doing_well)
        for _ in range(20)
    }
    assert len(orders) > 1


def test_named_pulse_shows_names_to_the_teacher_only():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=False)
    _, people = members(classroom)
    actions.answer_pulse(people[0], pulse.pk, _ratings(version), "Feedback is kind", "")
    assert queries.pulse_results(pulse, with_names=True).doing_well[0].comments[0].name == (
        people[0].name
    )
    assert queries.pulse_results(pulse, with_names=False).doing_well[0].comments[0].name is None


def test_pulse_answers_must_rate_every_commitment_and_respect_limits():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate())
    _, people = members(classroom)
    ratings = _ratings(version)
    first = next(iter(ratings))
    ratings[first] = 9
    with pytest.raises(UserError, match="from 1") as e:
        actions.answer_pulse(people[0], pulse.pk, ratings, "", "")
    assert e.value.field == f"item_{first}"
    with pytest.raises(UserError, match="limit is 500") as e:
        actions.answer_pulse(people[0], pulse.pk, _ratings(version), "w" * 501, "")
    assert e.value.field == "doing_well"


def test_pulse_dates_open_and_close_it():
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    today = timezone.localdate()
    later = actions.schedule_pulse(teacher, classroom, today + timedelta(days=14))
    assert later.status() == "scheduled"
    _, people = members(classroom)
    with pytest.raises(UserError, match="opens on"):
        actions.answer_pulse(people[0], later.pk, _ratings(version), "", "")
    assert later.status(today + timedelta(days=15)) == "open"
    assert later.status(today + timedelta(days=21)) == "closed"
    with pytest.raises(UserError, match="has passed") as e:
        actions.schedule_pulse(teacher, classroom, today - timedelta(days=1))
    assert e.value.field == "opens_on"
    now = actions.schedule_pulse(teacher, classroom, today)
    actions.close_pulse(teacher, now.pk)
    with pytest.raises(UserError, match="closed"):
        actions.answer_pulse(people[0], now.pk, _ratings(version), "", "")


def test_pulse_needs_a_published_charter():
    classroom, teacher = class_with_teams()
    with pytest.raises(UserError, match="Publish the charter first"):
        actions.schedule_pulse(teacher, classroom, timezone.localdate())


def test_only_one_draft_per_charter_in_the_database():
    classroom, teacher = class_with_teams()
    published_charter(teacher, classroom)
    actions.start_revision(teacher, classroom)
    assert CharterVersion.objects.filter(published_at__isnull=True).count() == 1
    assert CharterItem.objects.filter(version__number=2).count() == 4
