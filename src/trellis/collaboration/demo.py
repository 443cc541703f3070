"""The demo school's teachers learning together, written through the app's actions.

Ms Rivera, Mr Chen and Ms Haddad form a team (the facilitator role has already passed once).
The library holds three practices. The team finished an inquiry on two-step equations (the
shared check-in before and after, pooled over Rivera's two sections) and opened another one
whose follow-up is still to come. A moderation round of three anonymised pieces is scored by
two teachers, one piece agreed and kept as an exemplar. Rivera opened a lesson to Chen and
shared his notes with the team; a decision waits for its review; the staff pulse is open with
six anonymous answers; the principal set a school focus and made Chen the data lead.

Idempotent: nothing is added once the team exists.
"""

from datetime import timedelta

from django.utils import timezone

from trellis.checkins.permissions import checkins_visible_to

from . import actions
from .models import TeacherTeam

TEAM_NAME = "Grades 9–10 teaching team"

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
    if TeacherTeam.objects.filter(school=ctx.school, name=TEAM_NAME).exists():
        return
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
        question="Does a hinge question at the point of release reduce re-teaching later?",
        starts_on=today,
        ends_on=today + timedelta(days=21),
        measure_id=equations.pk if equations else None,
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
