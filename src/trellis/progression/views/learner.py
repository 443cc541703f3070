"""A student's pages: the task page, its live partial, their acts, and my learning."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error, flash_error

from .. import actions, queries
from ..models import NOTE_MAX, PLAN_MAX, REFLECTION_MAX, SUGGESTION_MAX
from ._common import live_news

# --------------------------------------------------------------------------- students


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What comes next?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            gettext_lazy("One short idea, up to {SUGGESTION_MAX} characters."),
            SUGGESTION_MAX=SUGGESTION_MAX,
        ),
    )


class PlanForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    plan = forms.CharField(
        label=gettext_lazy("What will you do next?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            gettext_lazy("Before you start the step, up to {PLAN_MAX} characters."),
            PLAN_MAX=PLAN_MAX,
        ),
    )


class ReflectForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    reflection = forms.CharField(
        label=gettext_lazy("How did it go?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            gettext_lazy("What worked, what you would change. Up to {REFLECTION_MAX} characters."),
            REFLECTION_MAX=REFLECTION_MAX,
        ),
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("How sure do you feel now?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("1", "1 · lost"),
            ("2", "2 · unsure"),
            ("3", "3 · fairly sure"),
            ("4", "4 · I could explain it"),
        ],
    )


class HelpForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What are you stuck on? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(gettext_lazy("Up to {NOTE_MAX} characters."), NOTE_MAX=NOTE_MAX),
    )


class CheckForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Up to 500 characters."),
    )


def _learn_context(request, task, **forms_):
    st = queries.student_task(request.user, task)
    context = {
        "classroom": task.classroom,
        "task": task,
        "st": st,
        "live": st.live,
        "suggestion_form": SuggestionForm(),
        "help_form": HelpForm(),
        "check_form": CheckForm(),
        "plan_forms": {},
        "reflect_forms": {},
        "state": st.state,
    }
    context.update(forms_)
    rows = []
    for step in st.live.steps:
        entry = st.entries.get(step.pk)
        is_next = step.pk == st.next_to_plan
        rows.append(
            {
                "step": step,
                "entry": entry,
                "is_next": is_next,
                "plan_form": context["plan_forms"].get(step.pk)
                or PlanForm(initial={"step": step.pk}),
                "reflect_form": context["reflect_forms"].get(step.pk)
                or ReflectForm(initial={"step": step.pk}),
            }
        )
    context["guided_rows"] = rows
    return context


@login_required
def learn(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    return render(request, "progression/learn.html", _learn_context(request, task))


@login_required
def learn_live(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    light = queries.student_live(request.user, task)
    if request.GET.get("state") == light.state and request.GET.get("seen") == light.seen:
        return HttpResponse(status=204)  # same step, same phase: nothing to swap
    if request.GET.get("state") != light.state:
        # The phase or the projector's mode changed: send the new work area too.
        context = _learn_context(request, task)
        context["oob"] = True
    else:
        # The usual poll: only the step on show, cheaply (thirty students poll at once).
        context = {
            "classroom": task.classroom,
            "task": task,
            "st": light,
            "live": light.live,
            "state": light.state,
            "oob": False,
        }
    context["announce"] = live_news(request.GET.get("state"), request.GET.get("seen"), light)
    return render(request, "progression/_learn_live.html", context)


def _learn_post(request, class_id, task_id, form_class, context_key, do, success):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            do(task, form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, success)
            return redirect("progression:learn", task.classroom_id, task.pk)
    if context_key in ("plan_forms", "reflect_forms"):
        step = form.data.get("step")
        extra = {context_key: {int(step) if str(step).isdigit() else 0: form}}
    else:
        extra = {context_key: form}
    extra["posted_form"] = form
    return render(
        request, "progression/learn.html", _learn_context(request, task, **extra), status=400
    )


@login_required
@require_POST
def learn_lost(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    # The same form in co-construction carries the quick check's other answer: "I'm with you".
    with_us = request.POST.get("with") == "us"
    try:
        if with_us:
            actions.signal_with_us(request.user, task)
        else:
            actions.signal_lost(request.user, task)
    except UserError as e:
        flash_error(request, e)
        with_us = False
    else:
        if not request.headers.get("HX-Request"):
            messages.success(
                request,
                gettext("Thanks: your teacher can see you are following.")
                if with_us
                else gettext("Your teacher can see that this step lost you."),
            )
    if request.headers.get("HX-Request"):
        context = _learn_context(request, task)
        context["oob"] = False
        context["with_said"] = with_us
        if context["st"].lost_on_step and not with_us:
            context["announce"] = "Your teacher can see that this step lost you."
        elif with_us:
            context["announce"] = "Thanks: your teacher can see you are following."
        return render(request, "progression/_learn_live.html", context)
    return redirect("progression:learn", task.classroom_id, task.pk)


@login_required
@require_POST
def learn_suggest(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        SuggestionForm,
        "suggestion_form",
        lambda task, d: actions.suggest_next(request.user, task, d["text"]),
        "Sent. Your teacher sees it with everyone's ideas.",
    )


@login_required
@require_POST
def learn_plan(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        PlanForm,
        "plan_forms",
        lambda task, d: actions.plan_step(request.user, task, d["step"], d["plan"]),
        gettext("Plan saved. Now do the step, then reflect."),
    )


@login_required
@require_POST
def learn_reflect(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        ReflectForm,
        "reflect_forms",
        lambda task, d: actions.reflect_step(
            request.user, task, d["step"], d["reflection"], d["confidence"] or None
        ),
        gettext("Reflection saved."),
    )


@login_required
@require_POST
def learn_help(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        HelpForm,
        "help_form",
        lambda task, d: actions.request_help(request.user, task, d["note"]),
        "Your teacher has your help request. You are back in guided practice for this task.",
    )


@login_required
@require_POST
def learn_check(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        CheckForm,
        "check_form",
        lambda task, d: actions.answer_success_check(request.user, task, d["answer"]),
        "Answer sent. Your teacher will mark it.",
    )


@login_required
def my_learning(request, class_id: int):
    classroom = queries.get_learner_class_for(request.user, class_id)
    return render(
        request,
        "progression/my_learning.html",
        {"classroom": classroom, "page": queries.my_learning(request.user, classroom)},
    )
