"""Writes about learning targets, tasks, their steps and their release plans."""

from datetime import date

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from trellis.common import images
from trellis.common.errors import NotFound, UserError, refuse_stale
from trellis.common.text import clean_text
from trellis.rosters.permissions import classes_managed_by

from .conflicts import plan_content, target_content, task_content
from .models import (
    IMAGE_ALT_MAX,
    STATEMENT_MAX,
    STEP_TEXT_MAX,
    SUCCESS_CHECK_MAX,
    TASK_TITLE_MAX,
    AssignmentKind,
    LearningTarget,
    ReleasePlan,
    Task,
    TaskStep,
)
from .permissions import tasks_shared_with

CRITERION_MAX = 200
PROMPT_MAX = 300


def _clean(statement: str, success_criteria) -> tuple[str, list[str]]:
    statement = (statement or "").strip()
    if not statement:
        raise UserError(
            gettext(
                "Write the target as an “I can …” statement, e.g. “I can solve two-step equations”."
            ),
            field="statement",
        )
    if len(statement) > STATEMENT_MAX:
        raise UserError(
            gettext(
                "A target can be at most %(STATEMENT_MAX)s characters; this one has "
                "%(count)s. Split it into two targets."
            )
            % {"STATEMENT_MAX": STATEMENT_MAX, "count": len(statement)},
            field="statement",
        )
    if isinstance(success_criteria, str):
        success_criteria = success_criteria.splitlines()
    criteria = [c.strip() for c in (success_criteria or []) if c and c.strip()]
    for i, c in enumerate(criteria, 1):
        if len(c) > CRITERION_MAX:
            raise UserError(
                gettext(
                    "Success criterion %(i)s is %(count)s characters; keep each under "
                    "%(CRITERION_MAX)s."
                )
                % {"i": i, "count": len(c), "CRITERION_MAX": CRITERION_MAX},
                field="success_criteria",
            )
    return statement, criteria


def _require_managed_class(user, classroom):
    try:
        return classes_managed_by(user).get(pk=classroom.pk)
    except classroom.__class__.DoesNotExist:
        raise NotFound("class") from None


def _require_managed_task(user, task: Task) -> Task:
    # Re-read under a row lock: two teachers of a class may save the same task at once.
    task_qs = Task.objects.select_for_update().filter(classroom__in=classes_managed_by(user))
    try:
        return task_qs.get(pk=task.pk)
    except Task.DoesNotExist:
        raise NotFound("task") from None


@transaction.atomic
def create_target(
    user, classroom, *, statement, success_criteria=(), evidence_of_knowing="", code=""
) -> LearningTarget:
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    statement, criteria = _clean(statement, success_criteria)
    position = LearningTarget.objects.filter(classroom=classroom).count()
    return LearningTarget.objects.create(
        classroom=classroom,
        statement=statement,
        success_criteria=criteria,
        evidence_of_knowing=(evidence_of_knowing or "").strip(),
        code=(code or "").strip()[:64],
        position=position,
        created_by=user,
    )


@transaction.atomic
def update_target(
    user,
    target: LearningTarget,
    *,
    statement,
    success_criteria=(),
    evidence_of_knowing="",
    code="",
    is_active: bool | None = None,
    version: int | None = None,
) -> LearningTarget:
    """Change a target. ``is_active=False`` retires it: it leaves the class's current targets
    (students stop seeing it on the class page) but keeps its tasks and evidence. ``version``
    is the one the editor opened; an older one raises ``StaleEdit`` (None: no check)."""
    # Re-read under a row lock: two teachers of a class may save the same target at once.
    locked = LearningTarget.objects.select_for_update().filter(
        pk=target.pk, classroom__in=classes_managed_by(user)
    )
    target = locked.first()
    if target is None:
        raise NotFound("target")
    refuse_stale(version, target.version, gettext("this target"), lambda: target_content(target))
    statement, criteria = _clean(statement, success_criteria)
    target.statement = statement
    target.success_criteria = criteria
    target.evidence_of_knowing = (evidence_of_knowing or "").strip()
    target.code = (code or "").strip()[:64]
    if is_active is not None:
        target.is_active = bool(is_active)
    target.version += 1
    target.save()
    return target


def _clean_title(title: str) -> str:
    return clean_text(
        title,
        limit=TASK_TITLE_MAX,
        field="title",
        what=gettext("The task title"),
        empty=gettext("Give the task a title students will recognise, e.g. “Solving 3x + 5 = 20”."),
    )


def _clean_target_ids(classroom, target_ids) -> list[int]:
    try:
        ids = sorted({int(t) for t in (target_ids or [])})
    except (TypeError, ValueError):
        raise UserError(
            gettext("Choose targets from this class's list."), field="targets"
        ) from None
    found = set(
        LearningTarget.objects.filter(classroom=classroom, pk__in=ids).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise UserError(gettext("Choose targets from this class's list."), field="targets")
    return ids


@transaction.atomic
def create_task(
    user,
    classroom,
    *,
    title,
    target_ids=(),
    steps=(),
    shared_with_team: bool = False,
) -> Task:
    """A new task in ``classroom``. ``steps`` is a list of step texts or of dicts with
    ``text``, ``notes`` and ``worked_example``; they can be added later with ``save_steps``."""
    classroom = _require_managed_class(user, classroom)
    title = _clean_title(title)
    ids = _clean_target_ids(classroom, target_ids)
    task = Task.objects.create(
        classroom=classroom,
        title=title,
        position=Task.objects.filter(classroom=classroom).count(),
        shared_with_team=bool(shared_with_team),
        created_by=user,
    )
    task.targets.set(ids)
    ReleasePlan.objects.create(task=task)
    if steps:
        _write_steps(task, steps)
    return task


def _locked_current_task(user, task: Task, version: int | None) -> Task:
    """The task under its row lock, refused when the editor's ``version`` is stale; its
    version moves on (every save of the task or its steps is one more)."""
    task = _require_managed_task(user, task)
    refuse_stale(version, task.version, gettext("this task"), lambda: task_content(task))
    task.version += 1
    return task


@transaction.atomic
def update_task(
    user,
    task: Task,
    *,
    title,
    target_ids=(),
    shared_with_team: bool = False,
    version: int | None = None,
) -> Task:
    task = _locked_current_task(user, task, version)
    task.title = _clean_title(title)
    task.shared_with_team = bool(shared_with_team)
    task.save(update_fields=["title", "shared_with_team", "version", "updated_at"])
    task.targets.set(_clean_target_ids(task.classroom, target_ids))
    return task


@transaction.atomic
def edit_task(
    user,
    task: Task,
    *,
    title,
    target_ids=(),
    shared_with_team: bool = False,
    steps=None,
    version: int | None = None,
) -> Task:
    """Save the task page in one go: title, targets, sharing flag and (if given) the steps.
    ``version`` is the one the editor opened (steps included); older raises ``StaleEdit``."""
    task = update_task(
        user,
        task,
        title=title,
        target_ids=target_ids,
        shared_with_team=shared_with_team,
        version=version,
    )
    if steps is not None:
        _write_steps(task, steps)
    return task


@transaction.atomic
def set_task_archived(user, task: Task, archived: bool) -> Task:
    task = _require_managed_task(user, task)
    task.is_active = not archived
    task.save(update_fields=["is_active", "updated_at"])
    return task


def _step_dicts(steps) -> list[dict]:
    out = []
    for s in steps:
        if isinstance(s, str):
            s = {"text": s}
        out.append(
            {
                "id": s.get("id"),
                "text": (s.get("text") or "").strip(),
                "notes": (s.get("notes") or "").strip(),
                "worked_example": (s.get("worked_example") or "").strip(),
                "image": s.get("image"),
                "image_alt": (s.get("image_alt") or "").strip(),
                "remove_image": bool(s.get("remove_image")),
            }
        )
    return out


def _write_steps(task: Task, steps) -> list[TaskStep]:
    """Write the rows; pictures stored on the way are removed again if anything fails, and
    pictures replaced or removed are deleted once the transaction commits."""
    stored: list[str] = []
    dropped: list[str] = []
    try:
        result = _write_step_rows(task, steps, stored, dropped)
    except BaseException:
        for name in stored:
            images.discard(name)
        raise
    if dropped:
        transaction.on_commit(lambda: _forget_images(dropped))
    return result


def _write_step_rows(task: Task, steps, stored: list, dropped: list) -> list[TaskStep]:
    rows = _step_dicts(steps)
    kept = []
    for i, row in enumerate(rows, 1):
        if not row["text"]:
            if row["notes"] or row["worked_example"] or row["image"]:
                raise UserError(
                    gettext(
                        "Step %(i)s has notes, an example or a picture but no instruction. "
                        "Write what to do in the step, or clear the row."
                    )
                    % {"i": i},
                    field="steps",
                )
            continue
        if len(row["text"]) > STEP_TEXT_MAX:
            raise UserError(
                gettext(
                    "Step %(i)s is %(count)s characters; keep a step under "
                    "%(STEP_TEXT_MAX)s and put the detail in its notes."
                )
                % {"i": i, "count": len(row["text"]), "STEP_TEXT_MAX": STEP_TEXT_MAX},
                field="steps",
            )
        kept.append(row)
    existing = {s.pk: s for s in task.steps.all()}
    result = []
    seen = set()
    for position, row in enumerate(kept):
        step = None
        if row["id"] not in (None, ""):
            try:
                step = existing.get(int(row["id"]))
            except (TypeError, ValueError):
                step = None
            if step is None:
                raise UserError(
                    gettext(
                        "A step was removed while you were editing. Reload the task and try again."
                    ),
                    field="steps",
                )
        if step is None:
            step = TaskStep(task=task)
        step.position = position
        step.text = row["text"]
        step.notes = row["notes"]
        step.worked_example = row["worked_example"]
        _set_image(step, row, position + 1, stored, dropped)
        step.save()
        seen.add(step.pk)
        result.append(step)
    gone = [s for pk, s in existing.items() if pk not in seen]
    for step in gone:
        try:
            with transaction.atomic():
                step.delete()
        except ProtectedError:
            raise UserError(
                gettext(
                    "The step “%(text)s” already has students' suggestions or plans, so it "
                    "cannot be removed. Change its wording instead."
                )
                % {"text": step.text[:60]},
                field="steps",
            ) from None
        if step.image:
            dropped.append(step.image)
    return result


def _set_image(step: TaskStep, row: dict, number: int, stored: list, dropped: list) -> None:
    """A new picture replaces the old one; ``remove_image`` drops it; alt text is required."""
    if row["remove_image"] and not row["image"]:
        if step.image:
            dropped.append(step.image)
        step.image = step.image_name = step.image_alt = ""
        return
    if row["image"] or step.image:
        step.image_alt = clean_text(
            row["image_alt"],
            limit=IMAGE_ALT_MAX,
            field="steps",
            what=gettext("The picture description of step %(number)s") % {"number": number},
            collapse=True,
            empty=gettext(
                "Step %(number)s has a picture but no description. Describe what the picture "
                "shows for students who cannot see it."
            )
            % {"number": number},
        )
    if row["image"]:
        name, display = images.store(row["image"], folder="curriculum/steps")
        stored.append(name)
        if step.image:
            dropped.append(step.image)
        step.image, step.image_name = name, display


def _forget_images(names) -> None:
    """Delete pictures no step points at any more (a copied task shares its pictures)."""
    names = set(names)
    if not names:
        return
    used = set(TaskStep.objects.filter(image__in=names).values_list("image", flat=True))
    for name in names - used:
        images.discard(name)


@transaction.atomic
def save_steps(user, task: Task, steps, *, version: int | None = None) -> list[TaskStep]:
    """Replace the task's steps with ``steps`` in that order. A dict with an ``id`` updates
    that step (its students' work stays attached); rows with a blank text are dropped."""
    task = _locked_current_task(user, task, version)
    task.save(update_fields=["version", "updated_at"])
    return _write_steps(task, steps)


def _lines(value, what: str, field: str, limit: int = PROMPT_MAX) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    items = [v.strip() for v in (value or []) if v and v.strip()]
    for i, v in enumerate(items, 1):
        if len(v) > limit:
            raise UserError(
                gettext("%(what)s %(i)s is %(count)s characters; keep each under %(limit)s.")
                % {"what": what, "i": i, "count": len(v), "limit": limit},
                field=field,
            )
    return items


@transaction.atomic
def save_release_plan(
    user,
    task: Task,
    *,
    think_aloud: str = "",
    co_construction_prompts=(),
    check_questions=(),
    independent_assignment: str = "",
    assignment_kind: str = AssignmentKind.CLASSWORK,
    due_date: date | None = None,
    success_check: str = "",
    version: int | None = None,
) -> ReleasePlan:
    """What happens in each phase of ``task``. Prompts and check questions are one per line.
    ``version`` is the plan's as the editor opened it; older raises ``StaleEdit``."""
    task = _require_managed_task(user, task)
    plan = ReleasePlan.objects.select_for_update().filter(task=task).first()
    if plan is not None:
        refuse_stale(
            version, plan.version, gettext("this release plan"), lambda: plan_content(plan)
        )
    if assignment_kind not in AssignmentKind.values:
        raise UserError(gettext("Choose class work or homework."), field="assignment_kind")
    success_check = (success_check or "").strip()
    if len(success_check) > SUCCESS_CHECK_MAX:
        raise UserError(
            gettext(
                "The success check is one short question: at most %(SUCCESS_CHECK_MAX)s characters."
            )
            % {"SUCCESS_CHECK_MAX": SUCCESS_CHECK_MAX},
            field="success_check",
        )
    if assignment_kind == AssignmentKind.HOMEWORK and not due_date:
        raise UserError(
            gettext("Homework needs a due date so students know when."), field="due_date"
        )
    if plan is None:
        plan = ReleasePlan(task=task)
    plan.version += 1
    plan.think_aloud = (think_aloud or "").strip()
    plan.co_construction_prompts = _lines(
        co_construction_prompts, "Prompt", "co_construction_prompts"
    )
    plan.check_questions = _lines(check_questions, "Check question", "check_questions")
    plan.independent_assignment = (independent_assignment or "").strip()
    plan.assignment_kind = assignment_kind
    plan.due_date = due_date
    plan.success_check = success_check
    plan.save()
    return plan


def _normal(statement: str) -> str:
    return " ".join(statement.lower().split())


@transaction.atomic
def copy_task(user, task: Task, to_classroom) -> Task:
    """Copy a task (steps, release plan, targets) into another class the user teaches.

    A target is matched in the other class by its statement (ignoring case and spacing);
    a target with no match there is copied. Students' work and phases never travel.
    """
    task = _require_managed_task(user, task)
    return _copy_into(user, task, to_classroom)


@transaction.atomic
def copy_shared_task(user, task: Task, to_classroom) -> Task:
    """Copy a teammate's shared task into a class the user teaches (trellis.collaboration's
    shared space). The copy points at the original (``copied_from``), whose author is credited
    wherever the copy is shown."""
    try:
        task = tasks_shared_with(user).get(pk=task.pk)
    except Task.DoesNotExist:
        raise NotFound("task") from None
    return _copy_into(user, task, to_classroom)


def _copy_into(user, task: Task, to_classroom) -> Task:
    to_classroom = _require_managed_class(user, to_classroom)
    if to_classroom.pk == task.classroom_id:
        raise UserError(
            gettext("Choose another class: to reuse a task in this class, create a new one."),
            field="classroom",
        )
    existing = list(LearningTarget.objects.filter(classroom=to_classroom))
    theirs = {_normal(t.statement): t for t in existing}
    # Targets with no match there are created together (one insert, not one per target).
    targets = list(task.targets.all())
    missing: dict[str, LearningTarget] = {}
    position = len(existing)
    for target in targets:
        key = _normal(target.statement)
        if key not in theirs and key not in missing:
            missing[key] = LearningTarget(
                classroom=to_classroom,
                statement=target.statement,
                success_criteria=list(target.success_criteria),
                evidence_of_knowing=target.evidence_of_knowing,
                code=target.code,
                position=position,
                created_by=user,
            )
            position += 1
    if missing:
        theirs.update(
            zip(missing, LearningTarget.objects.bulk_create(missing.values()), strict=True)
        )
    target_ids = [theirs[_normal(t.statement)].pk for t in targets]
    copy = Task.objects.create(
        classroom=to_classroom,
        title=task.title,
        position=Task.objects.filter(classroom=to_classroom).count(),
        shared_with_team=task.shared_with_team,
        copied_from=task,
        created_by=user,
    )
    copy.targets.set(target_ids)
    TaskStep.objects.bulk_create(
        TaskStep(
            task=copy,
            position=s.position,
            text=s.text,
            notes=s.notes,
            worked_example=s.worked_example,
            image=s.image,
            image_name=s.image_name,
            image_alt=s.image_alt,
        )
        for s in task.steps.all()
    )
    plan = getattr(task, "plan", None)
    ReleasePlan.objects.create(
        task=copy,
        think_aloud=plan.think_aloud if plan else "",
        co_construction_prompts=list(plan.co_construction_prompts) if plan else [],
        check_questions=list(plan.check_questions) if plan else [],
        independent_assignment=plan.independent_assignment if plan else "",
        assignment_kind=plan.assignment_kind if plan else AssignmentKind.CLASSWORK,
        due_date=None,  # a due date belongs to one class's calendar
        success_check=plan.success_check if plan else "",
    )
    return copy
