"""Builders for work tests. State is made through actions, never raw saves."""

from trellis.curriculum import actions as curriculum_actions
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.actions import submissions as submission_actions

ESSAY = (
    "Cities should plant more trees. Trees cool the streets in summer.\n\n"
    "A study in our town found shaded streets were four degrees cooler."
)


def targets_for(teacher, classroom, n: int = 2):
    statements = [
        "I can support a claim with evidence from a text",
        "I can organise paragraphs so ideas flow",
        "I can use punctuation and spelling correctly",
    ]
    return [
        curriculum_actions.create_target(teacher, classroom, statement=statements[i])
        for i in range(n)
    ]


def published_rubric(teacher, classroom, targets=None, *, title="Persuasive writing"):
    targets = targets or targets_for(teacher, classroom)
    rubric = rubric_actions.create_rubric(teacher, classroom, title=title)
    levels = list(rubric.levels.all())
    names = ["Claim and evidence", "Organisation", "Conventions"]
    for i, target in enumerate(targets):
        crit, _ = rubric_actions.add_criterion(teacher, rubric, title=names[i], target_id=target.pk)
        for lv in levels:
            rubric_actions.set_descriptor(
                teacher,
                rubric,
                criterion_id=crit.pk,
                level_id=lv.pk,
                text=f"{names[i]} at {lv.title.lower()} level",
            )
    rubric_actions.publish_rubric(teacher, rubric)
    return rubric


def assignment_for(teacher, classroom, rubric=None, **kwargs):
    rubric = rubric or published_rubric(teacher, classroom)
    kwargs.setdefault("title", "Trees in the city")
    return submission_actions.create_assignment(teacher, classroom, rubric_id=rubric.pk, **kwargs)


def criteria_of(assignment):
    return assignment.rubric.versions.order_by("-number").first().content["criteria"]


def levels_of(assignment):
    return assignment.rubric.versions.order_by("-number").first().content["levels"]


def self_levels(assignment, index: int = 2) -> dict:
    lv = levels_of(assignment)[index]["id"]
    return {c["id"]: lv for c in criteria_of(assignment)}


def hand_in(student, assignment, text=ESSAY, *, index: int = 2, addresses=(), note=""):
    return submission_actions.submit_revision(
        student,
        assignment,
        kind="text",
        text=text,
        self_levels=self_levels(assignment, index),
        self_note="I am proud of my evidence; my ending is weak.",
        addresses=addresses,
        note=note,
    )


HELPFUL = (
    "Your second paragraph gives a number, which makes the claim stronger. Add where the "
    "study was done so the reader can trust it."
)
