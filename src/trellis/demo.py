"""The demo school: Maple Grove Secondary, with every feature holding data.

`trellis demo` builds it when it is missing and refreshes it (passwords, people, classes,
teams) when it exists; it never deletes anything. Later capabilities add a seeding step to
`SEEDERS` so that a newcomer always sees every feature with data in it.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from trellis.accounts.models import Role, School, User
from trellis.charter.demo import seed_charter
from trellis.checkins.demo import seed_checkins, seed_second_school_checkins
from trellis.collaboration.demo import seed_collaboration
from trellis.curriculum.demo import seed_curriculum
from trellis.progression.demo import seed_progression
from trellis.reflection.demo import guardian_username, seed_reflection
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import Classroom, EnrollmentRole
from trellis.work.demo import seed_work

DEMO_PASSWORD = "trellis-demo"
SCHOOL_SLUG = "maple-grove"

FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dmitri",
    "Esi",
    "Farah",
    "Gabriel",
    "Hana",
    "Ibrahim",
    "Jade",
    "Kai",
    "Leila",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Sofia",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Aiden",
    "Bea",
    "Carlos",
    "Dara",
    "Elif",
    "Finn",
    "Grace",
    "Hugo",
    "Iris",
    "Jonah",
    "Keira",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Pablo",
    "Rosa",
    "Sam",
    "Tess",
    "Uriel",
    "Vera",
    "Will",
    "Yara",
    "Zeke",
    "Ada",
    "Bilal",
    "Cora",
    "Dev",
    "Ella",
    "Femi",
    "Gia",
    "Hamza",
    "Ines",
    "Jin",
    "Kofi",
    "Lucia",
    "Malik",
    "Nora",
    "Oscar",
    "Paige",
    "Reza",
    "Sana",
    "Theo",
    "Ana",
    "Bruno",
    "Celine",
    "Diego",
    "Emre",
    "Fatima",
    "Gus",
    "Hiro",
    "Isla",
    "Jamal",
    "Kira",
    "Luca",
    "Mina",
    "Nico",
    "Orla",
    "Pia",
    "Ravi",
    "Selin",
    "Tomas",
    "Una",
    "Vik",
    "Wanda",
    "Xavi",
    "Yoko",
    "Zoe",
    "Arjun",
    "Bella",
    "Cyrus",
    "Dina",
    "Eli",
]
LAST = [
    "Achebe",
    "Bianchi",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Volkov",
    "Wright",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Abara",
    "Brennan",
    "Costa",
    "Diallo",
]

STAFF = [
    # username, first, last, role
    ("admin", "Alex", "Morgan", Role.ADMIN),
    ("principal.okafor", "Grace", "Okafor", Role.LEADER),
    ("teacher.rivera", "Maya", "Rivera", Role.TEACHER),
    ("teacher.chen", "Daniel", "Chen", Role.TEACHER),
    ("teacher.haddad", "Samira", "Haddad", Role.TEACHER),
    # Colleagues without a class in the demo: the staff trust pulse needs five answers.
    ("teacher.osei", "Kwame", "Osei", Role.TEACHER),
    ("teacher.lindqvist", "Astrid", "Lindqvist", Role.TEACHER),
    ("teacher.moreau", "Julien", "Moreau", Role.TEACHER),
]
CLASSES = [
    # course, section, grades, teacher username, number of students
    ("Grade 9 Mathematics", "A", "09", "teacher.rivera", 26),
    ("Grade 9 Mathematics", "B", "09", "teacher.rivera", 23),
    ("Grade 10 Science", "A", "10", "teacher.chen", 27),
    ("Grade 10 English", "C", "10", "teacher.haddad", 25),
]
FIXED_JOIN_CODES = ["MATH9AA", "MATH9BB", "SCI10AA", "ENG10CC"]


@dataclass
class DemoContext:
    """What the seeders share: the school, its people by username, and its classes."""

    school: School
    staff: dict[str, User] = field(default_factory=dict)
    classes: list[Classroom] = field(default_factory=list)
    students_by_class: dict[int, list[User]] = field(default_factory=dict)
    # The network's second school (Cedar Park): its teacher's class, set by the teams' step.
    second_class: Classroom | None = None
    second_teacher: User | None = None
    second_students: list[User] = field(default_factory=list)


def _user(school, username, first, last, role, password_hash) -> User:
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "school": school,
            "email": f"{username}@maplegrove.example",
            "is_active": True,
            "is_staff": role == Role.ADMIN,
            "is_superuser": False,
            "password": password_hash,
        },
    )
    return user


def seed_people_and_classes(ctx: DemoContext) -> None:
    # One hash for every demo account: they share a published password, and hashing it a
    # hundred times would make `make run` wait a minute for nothing.
    password_hash = make_password(DEMO_PASSWORD)
    for username, first, last, role in STAFF:
        ctx.staff[username] = _user(ctx.school, username, first, last, role, password_hash)
    rng = random.Random(2026)
    names = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(names)
    used = 0
    for (course, section, grades, teacher, size), code in zip(
        CLASSES, FIXED_JOIN_CODES, strict=True
    ):
        classroom, _ = Classroom.objects.update_or_create(
            school=ctx.school,
            course=course,
            section=section,
            defaults={"term": "2026–27", "grade_levels": grades, "join_code": code},
        )
        # Demo codes never expire, so the README's walkthrough always works.
        Classroom.objects.filter(pk=classroom.pk).update(join_code_expires_at=None)
        roster_actions.enroll(classroom, ctx.staff[teacher], EnrollmentRole.TEACHER)
        students = []
        for first, last in names[used : used + size]:
            username = f"{first.lower()}.{last.lower()}".replace("é", "e")
            student = _user(ctx.school, username, first, last, Role.STUDENT, password_hash)
            roster_actions.enroll(classroom, student, EnrollmentRole.STUDENT)
            students.append(student)
        used += size
        ctx.classes.append(classroom)
        ctx.students_by_class[classroom.pk] = students


def seed_teams(ctx: DemoContext) -> None:
    teacher = ctx.staff["teacher.rivera"]
    admin = ctx.staff["admin"]
    for classroom in ctx.classes:
        if classroom.teams.exists():
            continue
        students = ctx.students_by_class[classroom.pk]
        if classroom.course == "Grade 9 Mathematics" and classroom.section == "A":
            roster_actions.add_avoid_pair(teacher, classroom, students[0].pk, students[1].pk)
        roster_actions.form_teams(admin, classroom, seed=classroom.pk)


SEEDERS = [
    seed_people_and_classes,
    seed_teams,
    seed_curriculum,
    seed_progression,
    seed_checkins,
    seed_charter,
    seed_work,
    seed_collaboration,
    seed_second_school_checkins,
    seed_reflection,
]


@transaction.atomic
def build_demo() -> DemoContext:
    school, _ = School.objects.update_or_create(
        slug=SCHOOL_SLUG, defaults={"name": "Maple Grove Secondary School"}
    )
    ctx = DemoContext(school=school)
    for seed in SEEDERS:
        seed(ctx)
    return ctx


def demo_logins(ctx: DemoContext) -> list[tuple[str, str, str]]:
    """(role, username, what to try) for the printed login list."""
    first_class = ctx.classes[0]
    student = ctx.students_by_class[first_class.pk][2]
    return [
        ("Teacher", "teacher.rivera", "Grade 9 Mathematics A: release board, tasks, charter"),
        ("Teacher", "teacher.haddad", "Grade 10 English C: rubrics, feedback, revisions"),
        ("Teacher", "teacher.chen", "Grade 10 Science"),
        ("Student", student.username, f"in {first_class.name}: my learning, check-ins"),
        ("Guardian", guardian_username(ctx) or "", "a family: shared pieces, charter, my learning"),
        (
            "Leader",
            "principal.okafor",
            "school overview, culture indicators, Teacher teams → What works",
        ),
        ("Leader", "principal.nguyen", "Cedar Park: a second school in the district network"),
        (
            "Teacher",
            "teacher.bianchi",
            "Cedar Park, Mathematics 9: the network team's pooled check-in",
        ),
        ("Admin", "admin", "every class; roster import"),
    ]
