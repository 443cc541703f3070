"""Reads for the journal: a student's reflections, the class's prompts, the timeline, the
teacher's view, revisits and the old pieces a new one could be set beside."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext

from trellis.checkins import queries as checkin_queries
from trellis.common.access import get_visible
from trellis.curriculum import queries as curriculum_queries
from trellis.grr import Phase
from trellis.progression import queries as progression_queries
from trellis.rosters import queries as roster_queries
from trellis.work.permissions import assignments_visible_to, revisions_visible_to

from ..models import DEFAULT_PROMPTS, ClassPrompt, Moment, Reflection, Revisit
from ..permissions import reflections_visible_to, revisits_visible_to


def prompts_of(classroom) -> dict[str, str]:
    """Every moment's prompt for the class: the teacher's wording, else ours (one query)."""
    own = dict(ClassPrompt.objects.filter(classroom=classroom).values_list("moment", "text"))
    return {m: own.get(m, DEFAULT_PROMPTS[m]) for m in Moment.values}


def get_reflection_for(user, reflection_id) -> Reflection:
    return get_visible(
        reflections_visible_to(user).select_related("author", "classroom", "target", "task"),
        reflection_id,
        "reflection",
    )


def get_revisit_for(user, revisit_id) -> Revisit:
    return get_visible(
        revisits_visible_to(user).select_related("student", "classroom", "target"),
        revisit_id,
        "revisit",
    )


def _my_revisions(user, classroom):
    return list(
        revisions_visible_to(user)
        .filter(submission__student=user, submission__assignment__classroom=classroom)
        .select_related("submission__assignment")
        .prefetch_related("submission__assignment__targets")
        .order_by("-created_at", "-id")
    )


@dataclass
class Suggestion:
    kind: str
    pk: int
    label: str
    at: object


@dataclass
class Waiting:
    """A moment that calls for a reflection the student has not written yet."""

    moment: str
    why: str
    query: str  # the journal's query string that opens the form at that moment


@dataclass
class Journal:
    classroom: object
    prompts: dict
    mine: list
    modelled: list
    targets: list
    tasks: list
    revisions: list
    suggestions: list[Suggestion] = field(default_factory=list)
    required: list = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)


def journal(user, classroom) -> Journal:
    """A student's journal page (fixed count): prompts, their reflections, the teacher's shown
    ones, what they may tie a reflection to, old pieces on the target of their newest hand-in,
    and the assignments asking for a revisit that they have not done yet."""
    visible = reflections_visible_to(user).filter(classroom=classroom)
    mine = list(visible.filter(author=user).select_related("target", "task"))
    modelled = list(
        visible.filter(moment=Moment.LESSON, shown_to_class=True).select_related("author")
    )
    revisions = _my_revisions(user, classroom)
    suggestions = suggest_old_pieces(revisions, mine)
    done = set(
        Revisit.objects.filter(student=user, classroom=classroom).values_list(
            "assignment_id", flat=True
        )
    )
    handed_in = {r.submission.assignment_id for r in revisions}
    required = [
        a
        for a in assignments_visible_to(user).filter(classroom=classroom, revisit_required=True)
        if a.pk in handed_in and a.pk not in done
    ]
    return Journal(
        waiting=moments_waiting(user, classroom, mine, revisions),
        classroom=classroom,
        prompts=prompts_of(classroom),
        mine=mine,
        modelled=modelled,
        targets=curriculum_queries.targets_of(classroom, current_only=True),
        tasks=curriculum_queries.current_tasks_of(classroom),
        revisions=revisions,
        suggestions=suggestions,
        required=required,
    )


def moments_waiting(user, classroom, mine, revisions) -> list[Waiting]:
    """The moments that matter since the student last reflected on them: a new revision, a
    check-in they were sure about but got wrong, and leaving guided practice (two queries)."""
    last = {}
    for r in mine:  # newest first
        last.setdefault(r.moment, r.created_at)
    out = []
    reflected_on = {r.revision_id for r in mine if r.revision_id}
    if revisions and revisions[0].pk not in reflected_on:
        r = revisions[0]
        out.append(
            Waiting(
                Moment.REVISION,
                gettext("You handed in %(title)s, version %(number)s.")
                % {"title": r.submission.assignment.title, "number": r.number},
                f"moment=revision&revision={r.pk}",
            )
        )
    since = last.get(Moment.SURE_WRONG)
    for a in reversed(checkin_queries.my_history(user, classroom).answers):
        if (
            a.correct is False
            and (a.confidence or 0) >= checkin_queries.SURE
            and (since is None or a.submitted_at > since)
        ):
            out.append(
                Waiting(
                    Moment.SURE_WRONG,
                    gettext("In “%(title)s” you felt sure, and the answer was not right.")
                    % {"title": a.run.checkin.title},
                    "moment=sure_wrong",
                )
            )
            break
    since = last.get(Moment.GUIDED)
    for m in reversed(progression_queries.my_moves(user, classroom)):
        if m.from_phase == Phase.GUIDED and (since is None or m.at > since):
            out.append(
                Waiting(
                    Moment.GUIDED,
                    gettext("You finished guided practice in “%(title)s”.")
                    % {"title": m.task_title},
                    f"moment=guided&task={m.task_id}",
                )
            )
            break
    return out


def suggest_old_pieces(revisions, reflections, limit: int = 5) -> list[Suggestion]:
    """When a piece is handed in, earlier pieces on the same targets (no queries: the caller
    loaded the student's revisions with their targets, and their reflections)."""
    if not revisions:
        return []
    newest = revisions[0]
    targets = {t.pk for t in newest.submission.assignment.targets.all()}
    out = []
    for r in revisions[1:]:
        if targets & {t.pk for t in r.submission.assignment.targets.all()}:
            label = gettext("%(title)s, version %(number)s") % {
                "title": r.submission.assignment.title,
                "number": r.number,
            }
            out.append(Suggestion("revision", r.pk, label, r.created_at))
    for ref in reflections:
        if ref.target_id in targets and ref.created_at < newest.created_at:
            out.append(
                Suggestion(
                    "reflection",
                    ref.pk,
                    gettext("Reflection: %(prompt)s…") % {"prompt": ref.prompt[:60]},
                    ref.created_at,
                )
            )
    return sorted(out, key=lambda s: s.at)[:limit]


@dataclass
class TimelineEntry:
    at: object
    kind: str  # "said", "moved", "checkin"
    title: str
    text: str = ""
    confidence: str = ""
    reflection: Reflection | None = None


def timeline(user, classroom) -> list[TimelineEntry]:
    """ "What I said then, what happened next": the student's reflections beside their phase
    moves and check-in confidence, oldest first (fixed count)."""
    entries = [
        TimelineEntry(
            r.created_at, "said", r.get_moment_display(), r.body or r.transcript, reflection=r
        )
        for r in reflections_visible_to(user).filter(classroom=classroom, author=user)
    ]
    for m in progression_queries.my_moves(user, classroom):
        title = (
            gettext("Moved on in “%(task)s”")
            if m.forward
            else gettext("Stepped back in “%(task)s”")
        ) % {"task": m.task_title}
        entries.append(TimelineEntry(m.at, "moved", title, f"{m.from_words} → {m.to_words}"))
    history = checkin_queries.my_history(user, classroom)
    for row in history.rows:
        if row.n_answered:
            right = (
                gettext("%(right)s of %(known)s right")
                % {"right": row.n_right, "known": row.n_known}
                if row.n_known
                else gettext("not marked yet")
            )
            conf = (
                checkin_queries.confidence_label(round(row.mean_confidence))
                if row.mean_confidence is not None
                else ""
            )
            entries.append(
                TimelineEntry(
                    row.run.started_at,
                    "checkin",
                    gettext("Check-in: %(title)s") % {"title": row.run.checkin.title},
                    right,
                    confidence=conf,
                )
            )
    return sorted(entries, key=lambda e: e.at)


@dataclass
class ClassJournal:
    classroom: object
    prompts: dict
    reflections: list
    modelled: list
    revisits: list
    assignments: list
    students: list


def class_journal(user, classroom) -> ClassJournal:
    """The teacher's page: students' reflections and revisits, their own modelled ones, the
    prompts, and which assignments ask for a revisit (fixed count)."""
    visible = reflections_visible_to(user).filter(classroom=classroom)
    return ClassJournal(
        classroom=classroom,
        prompts=prompts_of(classroom),
        reflections=list(
            visible.filter(author__role="student").select_related("author", "target")[:100]
        ),
        modelled=list(visible.filter(Q(author=user), moment=Moment.LESSON)),
        revisits=list(
            revisits_visible_to(user).filter(classroom=classroom).select_related("student")[:50]
        ),
        assignments=list(assignments_visible_to(user).filter(classroom=classroom)),
        students=roster_queries.active_students(classroom),
    )


def revisit_choices(user, classroom):
    """The student's own pieces to choose from (reflections, revisions, check-in answers)."""
    reflections = list(reflections_visible_to(user).filter(classroom=classroom, author=user))
    revisions = _my_revisions(user, classroom)
    answers = checkin_queries.my_history(user, classroom).answers
    assignments = list(
        assignments_visible_to(user).filter(classroom=classroom, revisit_required=True)
    )
    return reflections, revisions, answers, assignments


def revisits_done_for(assignment, student_ids=None) -> dict[int, object]:
    """For an assignment that asks for a "then and now" revisit: each student who made one for
    it, with when (one query; nothing is asked when the assignment does not require one)."""
    if not assignment.revisit_required:
        return {}
    qs = Revisit.objects.filter(assignment=assignment)
    if student_ids is not None:
        qs = qs.filter(student_id__in=list(student_ids))
    done: dict[int, object] = {}
    for student_id, at in qs.order_by("created_at").values_list("student_id", "created_at"):
        done.setdefault(student_id, at)
    return done
