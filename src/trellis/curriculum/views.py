"""A teacher's pages for a class's learning targets and tasks (steps and release plan)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common import images
from trellis.common.errors import StaleEdit, UserError
from trellis.common.views import VersionField, attach_error, flash_error, show_conflict
from trellis.rosters import queries as roster_queries

from . import actions, queries
from .models import IMAGE_ALT_MAX, STATEMENT_MAX, STEP_TEXT_MAX, TASK_TITLE_MAX, AssignmentKind

EXTRA_STEP_ROWS = 3


class TargetForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("“I can …” statement"),
        required=False,
        help_text=format_lazy(
            gettext_lazy(
                "For example “I can solve two-step equations”. Up to {STATEMENT_MAX} characters."
            ),
            STATEMENT_MAX=STATEMENT_MAX,
        ),
    )
    success_criteria = forms.CharField(
        label=gettext_lazy("Success criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: how you and your students will know."),
    )
    evidence_of_knowing = forms.CharField(
        label=gettext_lazy("Evidence of knowing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What a student would show, say or make."),
    )
    code = forms.CharField(
        label=gettext_lazy("Standards code (optional)"), required=False, max_length=64
    )


class TargetEditForm(TargetForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("Current target"),
        required=False,
        help_text=gettext_lazy("Untick to retire it: students stop seeing it on the class page."),
    )
    version = VersionField()


class TaskForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("Up to {TASK_TITLE_MAX} characters."), TASK_TITLE_MAX=TASK_TITLE_MAX
        ),
    )
    targets = forms.MultipleChoiceField(
        label=gettext_lazy("Targets it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_with_team = forms.BooleanField(
        label=gettext_lazy("Share with my teacher team"),
        required=False,
        help_text=gettext_lazy("Team members will be able to copy it once teacher teams arrive."),
    )

    version = VersionField()

    def __init__(self, *args, classroom=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [
            (str(t.pk), t.statement) for t in queries.targets_of(classroom)
        ]


class StepForm(forms.Form):
    id = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=gettext_lazy("Step"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            gettext_lazy(
                "What to do, up to {STEP_TEXT_MAX} characters. Clear it to remove the step."
            ),
            STEP_TEXT_MAX=STEP_TEXT_MAX,
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes for you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    worked_example = forms.CharField(
        label=gettext_lazy("Worked example"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    image = forms.FileField(
        label=gettext_lazy("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=format_lazy(
            gettext_lazy(
                "Optional, e.g. a graph or diagram. {limits_text} Choosing a new one "
                "replaces the current one."
            ),
            limits_text=images.limits_text(),
        ),
    )
    image_alt = forms.CharField(
        label=gettext_lazy("Describe the image (alt text)"),
        required=False,
        max_length=IMAGE_ALT_MAX,
        help_text=gettext_lazy(
            "Required with an image: what it shows, for students who cannot see "
            "it, e.g. “A line through (0, 1) and (2, 5)”."
        ),
    )
    remove_image = forms.BooleanField(label=gettext_lazy("Remove image"), required=False)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            try:
                images.check(upload)
            except UserError as e:
                raise forms.ValidationError(e.message) from None
        return upload


StepFormSet = forms.formset_factory(StepForm, extra=0)


class PlanForm(forms.Form):
    think_aloud = forms.CharField(
        label=gettext_lazy("Modeling: think-aloud script"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What you will say aloud while you show each step."),
    )
    co_construction_prompts = forms.CharField(
        label=gettext_lazy("Co-construction: prompts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, e.g. “What should I do first?”."),
    )
    check_questions = forms.CharField(
        label=gettext_lazy("Guided practice: check questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: what you will ask while you watch students work."),
    )
    independent_assignment = forms.CharField(
        label=gettext_lazy("Independent practice: the assignment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignment_kind = forms.ChoiceField(
        label=gettext_lazy("Done as"), choices=AssignmentKind.choices, widget=forms.RadioSelect
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Needed for homework."),
    )
    success_check = forms.CharField(
        label=gettext_lazy("Next-day success check"),
        required=False,
        help_text=gettext_lazy("One short question students answer after independent practice."),
    )
    version = VersionField()


class CopyForm(forms.Form):
    classroom = forms.ChoiceField(label=gettext_lazy("Copy to class"))

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].choices = [(str(c.pk), c.name) for c in classes]


def _status(*forms_, conflict=None) -> int:
    if conflict:
        return 409
    return 400 if any(f.errors for f in forms_ if f is not None) else 200


# --------------------------------------------------------------------------- targets


@login_required
def targets(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.create_target(request.user, classroom, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("Target added: “%(statement)s”.") % {"statement": target.statement}
            )
            return redirect("curriculum:targets", classroom.pk)
    return render(
        request,
        "curriculum/targets.html",
        {"classroom": classroom, "form": form, "targets": queries.targets_of(classroom)},
        status=_status(form),
    )


@login_required
def target_edit(request, class_id: int, target_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    target = queries.get_managed_target_for(request.user, classroom, target_id)
    initial = {
        "statement": target.statement,
        "success_criteria": "\n".join(target.success_criteria),
        "evidence_of_knowing": target.evidence_of_knowing,
        "code": target.code,
        "is_active": target.is_active,
        "version": target.version,
    }
    form = TargetEditForm(request.POST or None, initial=initial)
    extra = {}
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_target(request.user, target, **form.cleaned_data)
        except StaleEdit as e:
            extra = show_conflict(form, e)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Target saved."))
            return redirect("curriculum:targets", classroom.pk)
    return render(
        request,
        "curriculum/target_edit.html",
        {"classroom": classroom, "target": target, "form": form, **extra},
        status=_status(form, conflict=extra),
    )


# --------------------------------------------------------------------------- tasks


@login_required
def tasks(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    return render(
        request,
        "curriculum/tasks.html",
        {"classroom": classroom, "tasks": queries.tasks_of(classroom)},
    )


def _step_rows(formset) -> list[dict]:
    rows = [f.cleaned_data for f in formset.forms if f.is_valid()]
    return [r for r in rows if r]


def _steps_valid(steps, existing=()) -> bool:
    """Field checks, plus: a step that has (or gets) an image needs its alt text, said
    beside that step's field."""
    if not steps.is_valid():
        return False
    with_image = {str(s.pk) for s in existing if s.image}
    ok = True
    for f in steps.forms:
        data = f.cleaned_data
        if not data or not (data.get("text") or "").strip():
            continue
        keeps = str(data.get("id") or "") in with_image and not data.get("remove_image")
        if (data.get("image") or keeps) and not (data.get("image_alt") or "").strip():
            f.add_error(
                "image_alt",
                gettext(
                    "This step has an image: describe what it shows (alt text), or tick "
                    "“Remove image”."
                ),
            )
            ok = False
    return ok


def _steps_status(form, steps, conflict=None) -> int:
    status = _status(form, conflict=conflict)
    return 400 if status == 200 and steps.is_bound and steps.total_error_count() else status


@login_required
def task_create(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    form = TaskForm(request.POST or None, classroom=classroom)
    steps = StepFormSet(
        request.POST or None, request.FILES or None, prefix="steps", initial=[{}] * EXTRA_STEP_ROWS
    )
    if request.method == "POST" and form.is_valid() and _steps_valid(steps):
        try:
            task = actions.create_task(
                request.user,
                classroom,
                title=form.cleaned_data["title"],
                target_ids=form.cleaned_data["targets"],
                shared_with_team=form.cleaned_data["shared_with_team"],
                steps=_step_rows(steps),
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                gettext("Task “%(title)s” created. Now write its release plan.")
                % {"title": task.title},
            )
            return redirect("curriculum:task_plan", classroom.pk, task.pk)
    return render(
        request,
        "curriculum/task_form.html",
        {"classroom": classroom, "form": form, "steps": steps, "task": None},
        status=_steps_status(form, steps),
    )


@login_required
def task_detail(request, class_id: int, task_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    task = queries.get_managed_task_for(request.user, classroom, task_id)
    return render(
        request,
        "curriculum/task_detail.html",
        {
            "classroom": classroom,
            "task": task,
            "plan": queries.plan_of(task),
            "copy_form": CopyForm(classes=queries.other_classes_for_copy(request.user, classroom)),
        },
    )


@login_required
def task_edit(request, class_id: int, task_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    task = queries.get_managed_task_for(request.user, classroom, task_id)
    initial = {
        "title": task.title,
        "targets": [str(t.pk) for t in task.targets.all()],
        "shared_with_team": task.shared_with_team,
        "version": task.version,
    }
    step_initial = [
        {
            "id": s.pk,
            "text": s.text,
            "notes": s.notes,
            "worked_example": s.worked_example,
            "image_alt": s.image_alt,
            "current_image": s if s.image else None,
        }
        for s in task.steps.all()
    ] + [{}] * EXTRA_STEP_ROWS
    form = TaskForm(request.POST or None, classroom=classroom, initial=initial)
    steps = StepFormSet(
        request.POST or None, request.FILES or None, prefix="steps", initial=step_initial
    )
    extra = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and _steps_valid(steps, existing=task.steps.all())
    ):
        try:
            actions.edit_task(
                request.user,
                task,
                title=form.cleaned_data["title"],
                target_ids=form.cleaned_data["targets"],
                shared_with_team=form.cleaned_data["shared_with_team"],
                steps=_step_rows(steps),
                version=form.cleaned_data["version"],
            )
        except StaleEdit as e:
            extra = show_conflict(form, e)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Task saved."))
            return redirect("curriculum:task", classroom.pk, task.pk)
    return render(
        request,
        "curriculum/task_form.html",
        {"classroom": classroom, "form": form, "steps": steps, "task": task, **extra},
        status=_steps_status(form, steps, conflict=extra),
    )


@login_required
def task_plan(request, class_id: int, task_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    task = queries.get_managed_task_for(request.user, classroom, task_id)
    plan = queries.plan_of(task)
    initial = {
        "think_aloud": plan.think_aloud,
        "co_construction_prompts": "\n".join(plan.co_construction_prompts),
        "check_questions": "\n".join(plan.check_questions),
        "independent_assignment": plan.independent_assignment,
        "assignment_kind": plan.assignment_kind,
        "due_date": plan.due_date,
        "success_check": plan.success_check,
        "version": plan.version,
    }
    form = PlanForm(request.POST or None, initial=initial)
    extra = {}
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_release_plan(request.user, task, **form.cleaned_data)
        except StaleEdit as e:
            extra = show_conflict(form, e)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Release plan saved."))
            return redirect("curriculum:task", classroom.pk, task.pk)
    return render(
        request,
        "curriculum/task_plan.html",
        {"classroom": classroom, "task": task, "form": form, **extra},
        status=_status(form, conflict=extra),
    )


@login_required
@require_POST
def task_copy(request, class_id: int, task_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    task = queries.get_managed_task_for(request.user, classroom, task_id)
    to = roster_queries.get_managed_class_for(request.user, request.POST.get("classroom"))
    try:
        copy = actions.copy_task(request.user, task, to)
    except UserError as e:
        flash_error(request, e)
        return redirect("curriculum:task", classroom.pk, task.pk)
    messages.success(
        request,
        gettext("Copied to %(name)s. Check its targets and due date there.") % {"name": to.name},
    )
    return redirect("curriculum:task", to.pk, copy.pk)


@login_required
@require_POST
def task_archive(request, class_id: int, task_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    task = queries.get_managed_task_for(request.user, classroom, task_id)
    archived = request.POST.get("archived") == "1"
    actions.set_task_archived(request.user, task, archived)
    messages.success(
        request, gettext("Task archived.") if archived else gettext("Task brought back.")
    )
    return redirect("curriculum:tasks", classroom.pk)


@login_required
def step_image(request, class_id: int, task_id: int, step_id: int):
    """A step's picture, streamed, for whoever may see the task (404 for everyone else)."""
    step = queries.get_step_image_for(request.user, class_id, task_id, step_id)
    name = images.clean_filename(step.image_name)
    if not name.lower().endswith(images.extension_for(step.image)):
        name += images.extension_for(step.image)
    response = FileResponse(
        default_storage.open(step.image, "rb"),
        filename=name,
        content_type=images.content_type_for(step.image),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
