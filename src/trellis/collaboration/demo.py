"""The demo school's teachers learning together, written through the app's actions.

Ms Rivera, Mr Chen and Ms Haddad form a team (the facilitator role has already passed once).
The library holds three practices. The team finished an inquiry on two-step equations (the
shared check-in before and after, pooled over Rivera's two sections) and opened another one
whose follow-up is still to come. A moderation round of three anonymised pieces is scored by
two teachers, one piece agreed and kept as an exemplar. Rivera opened a lesson to Chen and
shared his notes with the team; a decision waits for its review; the staff pulse is open with
six anonymous answers; the principal set a school focus and made Chen the data lead.

Besides (each step idempotent on its own, so a demo built before them gains them): the open
inquiry measures phase moves, not a check-in; Haddad shares her co-designed essay rubric as the
team's common rubric and has invited Rivera to a second lesson; and the principal's school is
in a district network with a second school, Cedar Park, whose principal joined it with the
code and whose library holds a practice of its own. Cedar Park's Mr Bianchi teaches
Mathematics 9 (twelve students) and joined Rivera's network team, "Riverside Grade 9
mathematics", with its code; he ran Rivera's shared equations check-in in his class
(trellis.checkins.demo.seed_second_school_checkins), so the team's pooled results read
Maple Grove's classes and "Cedar Park, class 1" side by side.
"""

from datetime import timedelta

from django.utils import timezone

from trellis.accounts.models import Role, School, User
from trellis.checkins.permissions import checkins_visible_to
from trellis.rosters import actions as roster_actions
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import EnrollmentRole
from trellis.work import queries as work_queries

from . import actions
from .models import NetworkSchool, Observation, SchoolNetwork, TeacherTeam

TEAM_NAME = "Grades 9–10 teaching team"
NETWORK_NAME = "Riverside district network"
SECOND_SCHOOL = ("cedar-park", "Cedar Park Secondary School")
# username, first, last, role: the second school's staff (the demo password, like the others).
SECOND_STAFF = [
    ("principal.nguyen", "Linh", "Nguyen", Role.LEADER),
    ("teacher.bianchi", "Marco", "Bianchi", Role.TEACHER),
]

NETWORK_TEAM_NAME = "Riverside Grade 9 mathematics"
SECOND_CLASS = ("Mathematics 9", "1", "09")  # course, section, grades: Bianchi's class
# Cedar Park's students: first and last names no Maple Grove student has.
SECOND_STUDENTS = [
    ("Aroha", "Ngata"),
    ("Bo", "Lindgren"),
    ("Chidi", "Obi"),
    ("Dalia", "Farouk"),
    ("Emil", "Novak"),
    ("Freya", "Holm"),
    ("Goran", "Petrov"),
    ("Hailey", "Brooks"),
    ("Ivo", "Marin"),
    ("Jun", "Sato"),
    ("Kaia", "Moana"),
    ("Lior", "Ben-David"),
]

PRACTICES = [
    (
        "Worked examples that fade",
        "Start from a fully worked example, then take away one step at a time until students "
        "complete the whole problem themselves.",
        "Renkl, A. & Atkinson, R. K. (2003). Structuring the transition from example study to "
        "problem solving. Educational Psychologist, 38(1).",
        "Mathematics",
        "I can solve two-step equations",
    ),
    (
        "Hinge questions before release",
        "One carefully built multiple-choice question at the point of release; the spread of "
        "answers decides who moves on and who gets another guided example.",
        "Wiliam, D. (2011). Embedded Formative Assessment. Solution Tree.",
        "Any",
        "",
    ),
    (
        "Peer feedback with a sentence frame",
        "Students give feedback with a fixed frame (one thing that works, one question, one "
        "next step) tied to the rubric's criteria.",
        "Hattie, J. & Timperley, H. (2007). The power of feedback. Review of Educational "
        "Research, 77(1).",
        "English",
        "I can give feedback on an argument",
    ),
]

PIECES = [
    "2x + 3 = 11. I took 3 from both sides so 2x = 8, then I halved both sides: x = 4. "
    "Check: 2 × 4 + 3 = 11.",
    "2x + 3 = 11 so x = 11 − 3 − 2 = 6.",
    "First I divided by 2 to get x + 3 = 5.5, then x = 2.5. That looks wrong when I check it, "
    "so I think dividing first only works if I divide the 3 as well.",
]


def seed_collaboration(ctx) -> None:
    team = TeacherTeam.objects.filter(school=ctx.school, name=TEAM_NAME).first()
    if team is None:
        team = _seed_team(ctx)
    _seed_inquiry_without_checkin(ctx, team)
    _seed_common_rubric(ctx, team)
    _seed_second_observation(ctx, team)
    _seed_network(ctx)


def _seed_team(ctx) -> TeacherTeam:
    rivera, chen, haddad = (ctx.staff[f"teacher.{n}"] for n in ("rivera", "chen", "haddad"))
    leader = ctx.staff["principal.okafor"]
    today = timezone.localdate()

    team = actions.create_team(
        leader, name=TEAM_NAME, kind="grade", member_ids=[rivera.pk, chen.pk, haddad.pk]
    )
    actions.rotate_facilitator(leader, team)  # Chen facilitates this month
    focus = actions.set_focus(
        leader,
        title="Release with evidence",
        description="Move students to independent practice when a check-in says they are ready.",
    )
    practices = [
        actions.create_practice(
            rivera, title=t, description=d, citation=c, subject=s, targets_text=tt
        )
        for t, d, c, s, tt in PRACTICES
    ]
    equations = (
        checkins_visible_to(rivera).filter(owner=rivera, is_shared=True).order_by("id").first()
    )
    finished = actions.open_inquiry(
        rivera,
        team,
        question="Do fading worked examples help our Grade 9s solve two-step equations alone?",
        starts_on=today - timedelta(days=2),
        ends_on=today - timedelta(days=1),
        measure_id=equations.pk if equations else None,
        practice_id=practices[0].pk,
        focus_id=focus.pk,
    )
    actions.finish_inquiry(
        chen,
        finished,
        outcome="unclear",
        conclusion="More students met the check-in afterwards, but the interval includes no "
        "change; we will run it again over a longer period before deciding.",
    )
    actions.open_inquiry(
        haddad,
        team,
        question="Does a hinge question at the point of release move more students to "
        "independent practice?",
        starts_on=today,
        ends_on=today + timedelta(days=21),
        measure_kind="phases",
        practice_id=practices[1].pk,
        focus_id=focus.pk,
    )
    rnd = actions.create_round(
        rivera,
        team,
        title="Two-step equations: explaining the method",
        criteria=["Method", "Checking the answer"],
        levels=4,
        pieces=PIECES,
    )
    pieces = list(rnd.pieces.order_by("label"))
    for teacher, levels in ((rivera, [(4, 4), (1, 1), (2, 3)]), (chen, [(4, 3), (1, 1), (3, 3)])):
        for piece, (method, check) in zip(pieces, levels, strict=True):
            actions.score_piece(teacher, piece.pk, {"c1": method, "c2": check})
    actions.agree_piece(
        rivera,
        pieces[0].pk,
        {"c1": 4, "c2": 4},
        note="Both steps undone in order, and the check substitutes back.",
        exemplar=True,
    )
    obs = actions.invite_observer(
        rivera,
        observer_id=chen.pk,
        focus="How I release students from guided to independent practice",
        lesson_on=today - timedelta(days=3),
        team_id=team.pk,
    )
    actions.record_notes(
        chen,
        obs.pk,
        saw="Three check questions on the board before the independent task; hands up for "
        "each, then a hinge question on mini-whiteboards.",
        students_did="Two groups moved to the independent task; four students stayed for one "
        "more worked example at the side table.",
        wondered="How do you decide the cut-off on the hinge question?",
    )
    actions.reply_and_share(
        rivera, obs.pk, reply="Roughly four in five right; I will write it down.", share=True
    )
    actions.log_decision(
        chen,
        team,
        proposal="Every release to independent practice starts with a hinge question",
        evidence="Pooled results of the equations check-in; the observation notes.",
        options="Every lesson; only for new targets; leave it to each teacher.",
        decision="Only for new targets, for the rest of the term.",
        review_on=today + timedelta(days=28),
        participant_ids=[rivera.pk, chen.pk, haddad.pk],
    )
    pulse = actions.open_trust_pulse(
        leader,
        title="Staff pulse, this term",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=9),
    )
    answers = [
        [4, 5, 4, 3, 4],
        [5, 4, 4, 4, 3],
        [3, 4, 3, 2, 3],
        [4, 4, 5, 3, 4],
        [4, 3, 4, 4, 4],
        [5, 5, 4, 3, 4],
    ]
    staff = [rivera, chen, haddad] + [
        ctx.staff[f"teacher.{n}"] for n in ("osei", "lindqvist", "moreau")
    ]
    for teacher, ratings in zip(staff, answers, strict=True):
        actions.answer_trust_pulse(teacher, pulse, ratings)
    actions.delegate_role(leader, teacher_id=chen.pk, role="data_lead")
    return team


def _seed_inquiry_without_checkin(ctx, team: TeacherTeam) -> None:
    """An open inquiry measured by something other than a check-in (a demo built before the
    hinge-question inquiry measured phase moves gets this one)."""
    if team.inquiries.exclude(measure_kind="checkin").exists():
        return
    haddad = ctx.staff["teacher.haddad"]
    today = timezone.localdate()
    actions.open_inquiry(
        haddad,
        team,
        question="Does peer feedback with a sentence frame lead to more revisions?",
        starts_on=today,
        ends_on=today + timedelta(days=21),
        measure_kind="revisions",
        action="Students give feedback with a frame: one thing that works, one question, one "
        "next step.",
    )


def _seed_common_rubric(ctx, team: TeacherTeam) -> None:
    """Haddad's co-designed essay rubric becomes the team's common rubric."""
    if team.rubrics.exists():
        return
    haddad = ctx.staff["teacher.haddad"]
    rubrics = work_queries.shareable_rubrics(haddad)
    if rubrics:
        actions.share_rubric(haddad, team, rubrics[0].pk)


def _seed_second_observation(ctx, team: TeacherTeam) -> None:
    """Haddad has invited Rivera to a lesson next week: the notes are still to be written."""
    if Observation.objects.filter(team=team).count() >= 2:
        return
    actions.invite_observer(
        ctx.staff["teacher.haddad"],
        observer_id=ctx.staff["teacher.rivera"].pk,
        focus="How students use the rubric's wording when they give each other feedback",
        lesson_on=timezone.localdate() + timedelta(days=7),
        team_id=team.pk,
    )


def _second_school_staff(ctx) -> dict[str, User]:
    """Cedar Park and its two staff accounts (refreshed on every run, like the first school's)."""
    school, _ = School.objects.update_or_create(
        slug=SECOND_SCHOOL[0], defaults={"name": SECOND_SCHOOL[1]}
    )
    password = ctx.staff["principal.okafor"].password  # the demo password's hash
    staff = {}
    for username, first, last, role in SECOND_STAFF:
        staff[username], _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "school": school,
                "email": f"{username}@cedarpark.example",
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "password": password,
            },
        )
    return staff


def _seed_network(ctx) -> None:
    """The district network: Maple Grove made it, Cedar Park joined with its code."""
    staff = _second_school_staff(ctx)
    nguyen, bianchi = staff["principal.nguyen"], staff["teacher.bianchi"]
    network = SchoolNetwork.objects.filter(name=NETWORK_NAME).first()
    if network is None:
        network = actions.create_network(ctx.staff["principal.okafor"], name=NETWORK_NAME)
    if not NetworkSchool.objects.filter(network=network, school_id=nguyen.school_id).exists():
        actions.join_network(nguyen, code=network.join_code)
        actions.create_practice(
            bianchi,
            title="Retrieval starters",
            description="Every lesson opens with three short questions on last week's work, "
            "answered from memory, then checked together.",
            citation="Agarwal, P. K. & Bain, P. M. (2019). Powerful Teaching. Jossey-Bass.",
            subject="Any",
            targets_text="",
        )
    _seed_network_team(ctx, staff)


def _seed_network_team(ctx, staff: dict[str, User]) -> None:
    """Bianchi's class at Cedar Park, and Rivera's network team that he joined with its code.
    The class and its students are left in ``ctx`` for the check-ins' step."""
    rivera, bianchi = ctx.staff["teacher.rivera"], staff["teacher.bianchi"]
    course, section, grades = SECOND_CLASS
    classroom = next(
        (c for c in roster_queries.classes_taught_by([bianchi.pk]) if c.course == course), None
    )
    if classroom is None:
        classroom = roster_actions.create_class(
            bianchi, course=course, section=section, term="2026–27", grade_levels=grades
        )
    students = []
    for first, last in SECOND_STUDENTS:
        student, _ = User.objects.update_or_create(
            username=f"{first}.{last}".lower(),
            defaults={
                "first_name": first,
                "last_name": last,
                "role": Role.STUDENT,
                "school_id": bianchi.school_id,
                "email": f"{first}.{last}@cedarpark.example".lower(),
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "password": bianchi.password,
            },
        )
        roster_actions.enroll(classroom, student, EnrollmentRole.STUDENT)
        students.append(student)
    ctx.second_class, ctx.second_teacher, ctx.second_students = classroom, bianchi, students
    team = TeacherTeam.objects.filter(school=ctx.school, name=NETWORK_TEAM_NAME).first()
    if team is None:
        team = actions.create_team(rivera, name=NETWORK_TEAM_NAME, kind="network")
    if not team.members.filter(teacher=bianchi).exists():
        actions.join_team(bianchi, code=team.join_code)
