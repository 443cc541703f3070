"""Issue 16, defects 1 to 8: each test failed before its fix."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.work.factories import (
    ESSAY,
    HELPFUL,
    assignment_for,
    criteria_of,
    hand_in,
    levels_of,
    self_levels,
)
from trellis.common.errors import UserError
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.actions import submissions as actions
from trellis.work.queries import rubrics as rubric_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def both(work):
    work.both = assignment_for(
        work.teacher, work.klass, work.rubric, accepts_file=True, title="Poster and essay"
    )
    return work


# 1 ------------------------------------------------------------ text and files in one hand-in


def test_text_and_two_files_handed_in_together_are_all_kept(client, both):
    w = both
    client.force_login(w.student)
    data = {
        "kind": "text",
        "text": ESSAY,
        "file": [SimpleUploadedFile("poster.pdf", PDF), SimpleUploadedFile("graph.png", PNG)],
        "self_note": "Proud of the graph.",
        **{f"self-{c}": lv for c, lv in self_levels(w.both).items()},
    }
    response = client.post(f"/work/assignments/{w.both.pk}/submit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = w.both.submissions.get().revisions.get()
    assert revision.text.startswith("Cities should plant")
    assert [f.original_name for f in revision.files.all()] == ["poster.pdf", "graph.png"]
    client.force_login(w.teacher)
    page = client.get(f"/work/revisions/{revision.pk}/").content.decode()
    assert "Cities should plant" in page and "poster.pdf" in page and "graph.png" in page
    second = revision.files.get(position=1)
    got = client.get(f"/work/revisions/{revision.pk}/download/?file={second.pk}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    # Another revision's file id never leaks through this revision.
    assert client.get(f"/work/revisions/{revision.pk}/download/?file=999999").status_code == 404
    client.force_login(w.other_student)
    assert (
        client.get(f"/work/revisions/{revision.pk}/download/?file={second.pk}").status_code == 404
    )


def test_files_on_a_text_only_assignment_are_refused_not_dropped(work):
    with pytest.raises(UserError, match="does not take files"):
        actions.submit_revision(
            work.student,
            work.assignment,
            kind="text",
            text=ESSAY,
            files=[SimpleUploadedFile("a.pdf", PDF)],
            self_levels=self_levels(work.assignment),
            self_note="ok",
        )


# 2 ------------------------------------------------------------ the reason for a changed score


def test_the_reason_for_a_changed_score_is_shown_to_student_and_teacher(client, work):
    revision = hand_in(work.student, work.assignment)
    crit = criteria_of(work.assignment)[0]
    levels = levels_of(work.assignment)
    feedback_actions.score_revision(work.teacher, revision, levels={crit["id"]: levels[1]["id"]})
    feedback_actions.score_revision(
        work.teacher,
        revision,
        levels={crit["id"]: levels[2]["id"]},
        reasons={crit["id"]: "I missed the second source"},
    )
    for who in (work.student, work.teacher):
        client.force_login(who)
        page = client.get(f"/work/revisions/{revision.pk}/").content.decode()
        assert "I missed the second source" in page, who


# 3 ------------------------------------------------------------ final mark: preview, show, change


def test_final_mark_is_previewed_then_recorded_then_shown_and_changed_with_reason(client, work):
    revision = hand_in(work.student, work.assignment)
    crits = criteria_of(work.assignment)
    top = levels_of(work.assignment)[3]["id"]
    feedback_actions.score_revision(work.teacher, revision, levels={c["id"]: top for c in crits})
    hand_in(work.student, work.assignment, text=ESSAY + " more")
    sub = revision.submission
    client.force_login(work.teacher)
    preview = client.get(f"/work/submissions/{sub.pk}/mark/").content.decode()
    assert "100%" in preview and "Revision 2, the latest, has no scores from you yet" in preview
    assert not sub.marks.exists()  # the preview records nothing
    assert client.post(f"/work/submissions/{sub.pk}/mark/", {}).status_code == 302
    table = client.get(f"/work/assignments/{work.assignment.pk}/").content.decode()
    assert 'class="final-mark">100%' in table
    refused = client.post(f"/work/submissions/{sub.pk}/mark/", {"note": "kept"})
    assert refused.status_code == 400 and "Say why you are changing it" in refused.content.decode()
    assert 'value="kept"' in refused.content.decode()
    ok = client.post(f"/work/submissions/{sub.pk}/mark/", {"reason": "Recounted"})
    assert ok.status_code == 302 and sub.marks.count() == 2
    client.force_login(work.student)
    mine = client.get(f"/work/assignments/{work.assignment.pk}/").content.decode()
    assert "Recounted" in mine


# 4 ------------------------------------------------------------ credit per level


def test_merged_wording_for_one_level_credits_that_level_not_the_criterion(work):
    rubric_actions.set_codesign(work.teacher, work.rubric, is_open=True)
    crit = criteria_of(work.assignment)[0]
    level = levels_of(work.assignment)[2]
    proposal = rubric_actions.propose(
        work.student,
        work.rubric,
        kind="descriptor",
        text="Two sources, each explained",
        criterion_id=crit["id"],
        level_id=level["id"],
    )
    rubric_actions.decide_proposal(
        work.teacher, proposal, decision="merge", merged_text="Two explained sources", reason="ok"
    )
    content = work.rubric.versions.order_by("-number").first().content
    merged = next(c for c in content["criteria"] if c["id"] == crit["id"])
    assert merged["from_student_ids"] == []
    names = {work.student.pk: work.student.name}
    row = next(r for r in rubric_queries.grid(content, names) if r.criterion["id"] == crit["id"])
    assert row.contributors == []
    assert [c.from_student for c in row.cells if c.from_student] == [work.student.name]


# 5 ------------------------------------------------------------ saved scores stay selected


def test_the_score_grid_shows_saved_levels(client, work):
    revision = hand_in(work.student, work.assignment)
    crit = criteria_of(work.assignment)[0]
    level = levels_of(work.assignment)[1]
    feedback_actions.score_revision(work.teacher, revision, levels={crit["id"]: level["id"]})
    client.force_login(work.teacher)
    page = client.get(f"/work/revisions/{revision.pk}/").content.decode()
    cell = f'id="score-{crit["id"]}-{level["id"]}" name="score-{crit["id"]}" value="{level["id"]}"'
    assert cell + " checked" in page


# 6 ------------------------------------------------------------ edit, delete, dates, markers


def test_past_due_date_and_early_peer_close_are_refused(work):
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(UserError, match="already passed"):
        assignment_for(work.teacher, work.klass, work.rubric, due_at=past)
    due = timezone.now() + timedelta(days=7)
    with pytest.raises(UserError, match="close before the work is due"):
        assignment_for(
            work.teacher,
            work.klass,
            work.rubric,
            due_at=due,
            peer_review_closes_at=due - timedelta(days=1),
        )


def test_an_assignment_is_edited_and_deleted_only_while_nothing_is_handed_in(client, work):
    client.force_login(work.teacher)
    a = work.assignment
    url = f"/work/assignments/{a.pk}/edit/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "", "summative_policy": "highest", "accepts_text": "on"})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "title": "Trees, again",
            "summative_policy": "highest",
            "accepts_text": "on",
            "version": a.version,
        },
    )
    assert ok.status_code == 302
    a.refresh_from_db()
    assert a.title == "Trees, again"
    hand_in(work.student, a)
    refused = client.post(f"/work/assignments/{a.pk}/delete/", follow=True)
    assert "cannot be deleted: 1 student handed work in" in refused.content.decode()
    empty = assignment_for(work.teacher, work.klass, work.rubric, title="Spare")
    assert client.post(f"/work/assignments/{empty.pk}/delete/").status_code == 302
    assert not type(empty).objects.filter(pk=empty.pk).exists()


def test_a_stale_assignment_edit_is_refused_and_keeps_what_was_typed(client, work):
    """Two teachers (or tabs) edit one assignment: the second save is refused with the first
    one's wording shown, and its own text stays in the form; saving again is deliberate."""
    client.force_login(work.teacher)
    a = work.assignment
    url = f"/work/assignments/{a.pk}/edit/"
    opened = a.version
    form = {"summative_policy": "highest", "accepts_text": "on", "version": opened}
    assert client.post(url, {**form, "title": "Title from the first tab"}).status_code == 302
    stale = client.post(url, {**form, "title": "Title from the second tab"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Saved by someone else while you were editing" in page
    assert "Title from the first tab" in page  # their version, beside
    assert 'value="Title from the second tab"' in page  # theirs stays in the box
    a.refresh_from_db()
    assert a.title == "Title from the first tab"
    # The refused form now carries the newer version: saving it again is a deliberate choice.
    again = client.post(url, {**form, "title": "Title from the second tab", "version": a.version})
    assert again.status_code == 302
    a.refresh_from_db()
    assert a.title == "Title from the second tab"
    # A post with no version at all is never applied blind.
    blind = {k: v for k, v in form.items() if k != "version"}
    assert client.post(url, {**blind, "title": "Blind"}).status_code == 409


def test_late_and_missing_are_shown_to_teacher_and_student(client, work):
    a = assignment_for(
        work.teacher, work.klass, work.rubric, due_at=timezone.now() + timedelta(hours=1)
    )
    type(a).objects.filter(pk=a.pk).update(due_at=timezone.now() - timedelta(hours=1))
    a.refresh_from_db()
    hand_in(work.student, a)
    client.force_login(work.teacher)
    page = client.get(f"/work/assignments/{a.pk}/").content.decode()
    assert "timing-late" in page and "timing-missing" in page
    client.force_login(work.student)
    assert "not a penalty" in client.get(f"/work/assignments/{a.pk}/").content.decode()
    client.force_login(work.classmates[0])
    assert "timing-missing" in client.get(f"/work/assignments/{a.pk}/").content.decode()


# 7 ------------------------------------------------------------ no blank levels published


def test_a_rubric_with_a_criterion_without_wording_does_not_publish(work):
    rubric = rubric_actions.create_rubric(work.teacher, work.klass, title="Blank")
    rubric_actions.add_criterion(
        work.teacher, rubric, title="Empty one", target_id=work.targets[0].pk
    )
    with pytest.raises(UserError, match="Describe at least one level of “Empty one”"):
        rubric_actions.publish_rubric(work.teacher, rubric)


# 8 ------------------------------------------------------------ every missing criterion, labels


def test_the_self_assessment_error_names_every_missing_criterion(work):
    crits = criteria_of(work.assignment)
    with pytest.raises(UserError) as e:
        actions.submit_revision(
            work.student, work.assignment, kind="text", text=ESSAY, self_levels={}, self_note="ok"
        )
    for c in crits:
        assert c["title"] in e.value.message


def test_labels_are_plural_only_when_needed():
    from trellis.rosters.models import Classroom
    from trellis.work.peering import PairingError, within_team_pairs

    with pytest.raises(PairingError, match="with 1 member who handed in cannot give 1 review each"):
        within_team_pairs({1: 1, 2: 2, 3: 2}, 1)
    assert Classroom(grade_levels="09").grades_label == "Grade 9"
    assert Classroom(grade_levels="09,10").grades_label == "Grades 9, 10"
    assert Classroom(grade_levels="KG").grades_label == "Grade KG"


# CSV of marks ------------------------------------------------------------


def test_marks_csv_has_one_row_per_student_and_assignment_and_escapes_formulas(client, work):
    from trellis.accounts.models import User

    User.objects.filter(pk=work.student.pk).update(first_name="=HYPERLINK(1)")
    revision = hand_in(work.student, work.assignment)
    crit = criteria_of(work.assignment)[0]
    feedback_actions.give_feedback(work.teacher, revision, criterion_id=crit["id"], body=HELPFUL)
    client.force_login(work.teacher)
    response = client.get(f"/work/classes/{work.klass.pk}/marks.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Student"
    mine = [r for r in rows if r[0].startswith("'=HYPERLINK")]
    assert len(mine) == 1 and mine[0][4] == "1" and mine[0][7] == "1"
    students = work.klass.enrollments.filter(role="student").count()
    assert len(rows) == 1 + students


# 10 ------------------------------------------------------------ the calibration chart


def test_the_calibration_chart_keeps_titles_markers_points_and_legend_apart():
    import re as _re

    from trellis.work.charts import SHAPES, Series, gap_chart

    names = [f"Criterion number {i}" for i in range(9)]
    series = [Series(name, [0.0, 0.5]) for name in names]  # all equal: they would overlap
    svg = gap_chart("c", "Gaps", ["Speech script, second draft", "Lab report"], series)
    assert "Speech script, second draft" in svg  # in <title>, and wrapped, never cut
    assert "Speech scr<" not in svg
    assert _re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)[:2] == [
        "Speech script,",
        "second draft",
    ]
    shapes = [s.split(" (")[-1] for s in _re.findall(r'class="legend"[^>]*>([^<]*)\)', svg)]
    assert len(set(shapes[: len(SHAPES)])) == len(SHAPES)
    assert "9. Criterion number 8" in svg  # past eight shapes, a number tells them apart
    xs = {
        float(x)
        for x in _re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="4" fill="#1f5f3f"', svg)
    }
    assert len(xs) >= 2  # equal values drawn side by side, not on top of each other
    height = float(_re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg).group(1))
    legend_ys = [float(y) for y in _re.findall(r'class="legend" x="[\d.]+" y="([\d.]+)"', svg)]
    label_ys = [float(y) for y in _re.findall(r'class="x-label" y="([\d.]+)"', svg)]
    assert max(legend_ys) < height and min(legend_ys) > max(label_ys) + 2 * 13
    assert len(set(legend_ys)) == len(legend_ys)
