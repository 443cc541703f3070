"""Demo targets and tasks for every class of the demo school (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from . import actions
from .models import AssignmentKind, Task

EQUATIONS = "Solving two-step equations"

PLANS = {
    "Grade 9 Mathematics": [
        {
            "target": (
                "I can solve two-step equations",
                ["I undo the operations in reverse order", "I check by substituting my answer"],
                "A worked solution with each inverse operation named, and a check line.",
                "MA.9.EE.1",
            ),
            "tasks": [
                (
                    EQUATIONS,
                    [
                        (
                            "Name what was done to x, in order",
                            "Read it as a story: ×3, then +5.",
                            "3x + 5 = 20  →  x was multiplied by 3, then 5 was added",
                        ),
                        (
                            "Undo the last operation first, on both sides",
                            "",
                            "3x + 5 − 5 = 20 − 5  →  3x = 15",
                        ),
                        (
                            "Undo the first operation, on both sides",
                            "",
                            "3x ÷ 3 = 15 ÷ 3  →  x = 5",
                        ),
                        ("Check by substituting", "Always close the loop.", "3(5) + 5 = 20 ✓"),
                    ],
                    "Solve 2x − 7 = 9 and check your answer.",
                ),
            ],
        },
        {
            "target": (
                "I can simplify an expression by combining like terms",
                ["I group terms with the same variable part", "I keep each term's sign"],
                "A simplified expression with the grouped terms shown.",
                "MA.9.EE.2",
            ),
            "tasks": [
                (
                    "Combining like terms",
                    [
                        ("Underline the terms with the same variable", "", "4x + 3 + 2x − 1"),
                        ("Add their coefficients", "", "4x + 2x = 6x"),
                        ("Add the constants", "", "3 − 1 = 2  →  6x + 2"),
                    ],
                    "Simplify 5y − 2 + 3y + 7.",
                ),
            ],
        },
        {
            "target": (
                "I can graph a linear relation from its equation",
                ["I plot the y-intercept", "I use the slope to find a second point"],
                "A labelled graph with the intercept and one rise/run marked.",
                "MA.9.LR.2",
            ),
            "tasks": [
                (
                    "Graphing linear relations",
                    [
                        ("Find the y-intercept b in y = mx + b", "", "y = 2x + 1  →  b = 1"),
                        ("Plot (0, b)", "", "the point (0, 1)"),
                        ("Rise over run from the slope", "", "m = 2 = 2/1: up 2, right 1 → (1, 3)"),
                        ("Draw the line through both points", "", ""),
                    ],
                    "Graph y = −x + 4.",
                ),
            ],
        },
        {
            "target": (
                "I can solve a linear inequality",
                ["I flip the sign when I multiply or divide by a negative"],
                "A solution set on a number line.",
                "MA.9.EE.3",
            ),
            "tasks": [
                (
                    "Solving inequalities",
                    [
                        ("Solve as if it were an equation", "", "2x + 1 < 7  →  2x < 6"),
                        ("Flip the sign when dividing by a negative", "", "−x < 3  →  x > −3"),
                    ],
                    "Solve −2x + 3 ≥ 9.",
                ),
            ],
        },
    ],
    "Grade 10 Science": [
        {
            "target": (
                "I can balance a chemical equation",
                ["Atoms of each element are equal on both sides", "I only change coefficients"],
                "A balanced equation with an atom count table.",
                "SC.10.CH.3",
            ),
            "tasks": [
                (
                    "Balancing equations",
                    [
                        ("Count atoms of each element on both sides", "", "H₂ + O₂ → H₂O"),
                        ("Change one coefficient at a time", "", "2H₂ + O₂ → 2H₂O"),
                        ("Recount and check", "", "H: 4 = 4, O: 2 = 2 ✓"),
                    ],
                    "Balance Fe + O₂ → Fe₂O₃.",
                )
            ],
        }
    ],
    "Grade 10 English": [
        {
            "target": (
                "I can support a claim with evidence from the text",
                ["I quote or paraphrase accurately", "I explain how the evidence proves my claim"],
                "A paragraph in claim, evidence, explanation order.",
                "ELA.10.RL.1",
            ),
            "tasks": [
                (
                    "Claim, evidence, explanation",
                    [
                        ("Write the claim in one sentence", "", ""),
                        ("Choose the strongest quotation", "", ""),
                        ("Explain how the quotation proves the claim", "", ""),
                    ],
                    "Write one CEE paragraph about the opening chapter.",
                )
            ],
        }
    ],
}


def seed_curriculum(ctx) -> None:
    """Targets, tasks with steps and release plans in every class; Grade 9 Mathematics B gets
    the equations task as a copy of A's (targets matched by statement)."""
    teachers = {
        "Grade 9 Mathematics": ctx.staff["teacher.rivera"],
        "Grade 10 Science": ctx.staff["teacher.chen"],
        "Grade 10 English": ctx.staff["teacher.haddad"],
    }
    math_a = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "A")
    for classroom in ctx.classes:
        if Task.objects.filter(classroom=classroom).exists():
            continue
        teacher = teachers[classroom.course]
        if classroom.course == "Grade 9 Mathematics" and classroom.section != "A":
            continue  # copied from section A below
        for unit in PLANS[classroom.course]:
            statement, criteria, evidence, code = unit["target"]
            target = actions.create_target(
                teacher,
                classroom,
                statement=statement,
                success_criteria=criteria,
                evidence_of_knowing=evidence,
                code=code,
            )
            for title, steps, check in unit["tasks"]:
                task = actions.create_task(
                    teacher,
                    classroom,
                    title=title,
                    target_ids=[target.pk],
                    steps=[{"text": t, "notes": n, "worked_example": ex} for t, n, ex in steps],
                    shared_with_team=title == EQUATIONS,
                )
                homework = title == EQUATIONS
                actions.save_release_plan(
                    teacher,
                    task,
                    think_aloud=(
                        "I say out loud what I notice first, what I decide, and why; then I "
                        "check my result against the success criteria."
                    ),
                    co_construction_prompts=["What should I do first?", "How do we know?"],
                    check_questions=["What are you going to do next?", "Why that step?"],
                    independent_assignment=f"Practice set for “{title}”, questions 1 to 8.",
                    assignment_kind=(
                        AssignmentKind.HOMEWORK if homework else AssignmentKind.CLASSWORK
                    ),
                    due_date=(timezone.localdate() + timedelta(days=2)) if homework else None,
                    success_check=check,
                )
    for classroom in ctx.classes:
        if classroom.course == "Grade 9 Mathematics" and classroom.section != "A":
            if Task.objects.filter(classroom=classroom).exists():
                continue
            source = Task.objects.get(classroom=math_a, title=EQUATIONS)
            actions.copy_task(ctx.staff["teacher.rivera"], source, classroom)
