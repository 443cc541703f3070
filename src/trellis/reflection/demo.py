"""Demo data for reflection: Grade 10 English C keeps journals (text and a modelled one from
the teacher), revisits an essay "then and now", and publishes collections at every step of
the audience ladder; one family has a guardian account (`family.<student>`), another a code.

Idempotent: if the class already has reflections, nothing is added.
"""

from trellis.accounts.models import Role, User
from trellis.work.permissions import revisions_visible_to

from . import actions
from .models import Audience, Reflection

JOURNAL = [
    (
        "guided",
        "Writing my plan for each paragraph before I started made the middle much easier. I "
        "still rushed the ending; next time I will leave ten minutes for it.",
    ),
    (
        "revision",
        "I added the council study as evidence and explained why it matters. The feedback "
        "about trusting the source moved my essay the most.",
    ),
    (
        "sure_wrong",
        "I was sure a topic sentence had to be a question. It does not: it tells the reader "
        "what the paragraph will do. I will check the rubric wording before I feel sure.",
    ),
    (
        "unit_end",
        "This unit I learned to back up a claim. I fell short on answering the other side. "
        "In the next unit I want to try a counter-argument paragraph.",
    ),
]
LESSON = (
    "Today my model essay went too fast: I showed the finished paragraph instead of building "
    "it with you. Tomorrow I will write it live and think aloud at each choice."
)
STEPS = [
    ("Thinking in progress", Audience.PRIVATE),
    ("Our team's drafts", Audience.TEAM),
    ("My best thinking", Audience.CLASS),
    ("For home: my persuasive essay", Audience.FAMILY),
    ("Shared with Grade 10 Science", Audience.LINKED),
    ("My essay, for anyone I send it to", Audience.LINK),
]


def _guardian(student, password_hash) -> User:
    username = f"family.{student.username.split('.')[0]}"
    guardian, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": "Sam",
            "last_name": student.last_name,
            "role": Role.GUARDIAN,
            "school": student.school,
            "email": f"{username}@maplegrove.example",
            "is_active": True,
            "password": password_hash,
        },
    )
    return guardian


def guardian_username(ctx) -> str | None:
    classroom = _english(ctx)
    if classroom is None:
        return None
    return f"family.{ctx.students_by_class[classroom.pk][3].username.split('.')[0]}"


def _english(ctx):
    return next(
        (c for c in ctx.classes if c.course == "Grade 10 English" and c.section == "C"), None
    )


def seed_reflection(ctx) -> None:
    classroom = _english(ctx)
    if classroom is None:
        return
    students = ctx.students_by_class[classroom.pk]
    teacher = ctx.staff["teacher.haddad"]
    guardian = _guardian(students[3], ctx.staff["admin"].password)
    actions.link_guardian(guardian, students[3])
    if Reflection.objects.filter(classroom=classroom).exists():
        return
    science = next((c for c in ctx.classes if c.course.startswith("Grade 10 Science")), None)
    actions.set_class_prompt(
        teacher,
        classroom,
        "revision",
        "Which piece of feedback changed your essay most, and what did you change because of it?",
    )
    actions.write_reflection(teacher, classroom, moment="lesson", body=LESSON, shown_to_class=True)
    for i, (title, step) in enumerate(STEPS):
        student = students[i]
        written = [
            actions.write_reflection(student, classroom, moment=moment, body=body)
            for moment, body in JOURNAL[: 2 + i % 3]
        ]
        revisions = list(
            revisions_visible_to(student)
            .filter(submission__student=student, submission__assignment__classroom=classroom)
            .order_by("created_at")
        )
        collection = actions.create_collection(student, classroom, title)
        for r in written[:2]:
            actions.add_piece(student, collection.pk, "reflection", r.pk, "It shows my planning.")
        if revisions:
            actions.add_piece(student, collection.pk, "revision", revisions[-1].pk)
            revisit = actions.make_revisit(
                student,
                classroom,
                then_kind="revision",
                then_id=revisions[0].pk,
                now_kind="reflection",
                now_id=written[-1].pk,
                note="My first version had a claim but no evidence; now every claim has some.",
            )
            actions.add_piece(student, collection.pk, "revisit", revisit.pk)
        if step == Audience.LINKED and science is not None:
            actions.link_class(teacher, collection.pk, science.pk)
        collection = actions.choose_audience(
            student, collection.pk, step, collection.version, is_conference=step == Audience.FAMILY
        )
        if step > Audience.CLASS:
            actions.approve_audience(teacher, collection.pk)
        if step == Audience.FAMILY:
            shown = actions.respond(
                guardian,
                collection,
                body="We read it together. Your evidence is strong!",
                helped=True,
            )
            actions.moderate_response(teacher, shown.pk, True)
            actions.respond(
                guardian, collection, body="Can you read it to us tonight?", helped=False
            )
            actions.respond(students[0], collection, body="Your ending convinced me.", helped=True)
        if step == Audience.LINK:
            actions.create_share_link(student, collection.pk, 30)
    # An under-13 student: beyond the family only with a guardian's consent (not given yet).
    young = students[6]
    actions.set_student_age(ctx.staff["admin"], young.pk, True)
    c = actions.create_collection(young, classroom, "Waiting for my family's consent")
    r = actions.write_reflection(young, classroom, moment="free", body=JOURNAL[0][1])
    actions.add_piece(young, c.pk, "reflection", r.pk)
    c = actions.choose_audience(young, c.pk, Audience.LINK, c.version)
    actions.approve_audience(teacher, c.pk)
    actions.make_family_invite(teacher, classroom, students[7].pk)
    first = revisions_visible_to(students[0]).select_related("submission").first()
    if first is not None:
        actions.require_revisit(teacher, first.submission.assignment_id, True)
