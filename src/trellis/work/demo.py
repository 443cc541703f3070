"""Demo data for work & feedback: Grade 10 English C co-designs a persuasive-essay rubric,
hands in, gives and gets feedback, acts on it and revises.

Idempotent: if the class already has the rubric, nothing is added.
"""

from datetime import timedelta

from django.utils import timezone

from trellis.curriculum import actions as curriculum_actions
from trellis.curriculum.models import LearningTarget

from .actions import feedback as feedback_actions
from .actions import peer as peer_actions
from .actions import rubrics as rubric_actions
from .actions import submissions as submission_actions
from .models import Rubric

RUBRIC_TITLE = "Persuasive essay"
TARGETS = [
    "I can support a claim with evidence from a text",
    "I can organise paragraphs so ideas flow",
    "I can write in a voice that suits my audience",
]
DESCRIPTORS = {
    "Claim and evidence": [
        "States an opinion; no evidence yet.",
        "Gives a claim and one piece of evidence that partly fits.",
        "Gives a clear claim backed by two or more pieces of evidence, each explained.",
        "Weighs evidence, answers a counter-claim, and shows why the evidence matters.",
    ],
    "Organisation": [
        "Ideas appear in the order they were thought of.",
        "Paragraphs group ideas, but the links between them are missing.",
        "Each paragraph has one job and a topic sentence; transitions guide the reader.",
        "The order itself builds the argument; the ending moves it forward.",
    ],
}
ESSAYS = [
    (
        "Our town should plant more trees. Trees cool the streets in summer.\n\n"
        "A study found shaded streets were cooler. Trees are also nice to look at.",
        "Our town should plant more trees, because they cool the streets and clean the air.\n\n"
        "A 2023 study by our city council found shaded streets were four degrees cooler in "
        "July. That matters for older people who walk to the shops.\n\n"
        "Some say trees cost too much. But the same study showed lower energy bills nearby.",
    ),
    (
        "Trees are good. We need more of them. They help animals and people.\n\n"
        "In conclusion trees are good.",
        "Trees make a town healthier, so our council should plant two hundred more.\n\n"
        "Birds and insects need them: the park survey counted twice as many species near the "
        "old oaks.\n\n"
        "Planting costs money, yet shade saves it. The conclusion is simple: plant now.",
    ),
    (
        "I think planting trees would help our town because of shade and clean air. Trees "
        "take in carbon dioxide.",
        None,
    ),
    ("More trees means cooler summers. The school yard is too hot at lunch.", None),
    ("Trees cost money but they are worth it because they last a long time.", None),
    ("Plant trees on Main Street. It would look better and people would shop there.", None),
]


VOICE_LEVELS = (
    "Reads like a list of facts; no one seems to be speaking.",
    "A person is speaking in places, then the voice fades.",
    "A steady voice that cares about the topic.",
    "A distinct voice that makes the reader care too.",
)


def _target(teacher, classroom, statement) -> LearningTarget:
    found = LearningTarget.objects.filter(classroom=classroom, statement=statement).first()
    return found or curriculum_actions.create_target(teacher, classroom, statement=statement)


def seed_work(ctx) -> None:
    classroom = next(
        (c for c in ctx.classes if c.course == "Grade 10 English" and c.section == "C"), None
    )
    if classroom is None or Rubric.objects.filter(classroom=classroom, title=RUBRIC_TITLE).exists():
        return
    teacher = ctx.staff["teacher.haddad"]
    students = ctx.students_by_class[classroom.pk]
    targets = [_target(teacher, classroom, s) for s in TARGETS]

    # Co-design: two criteria from the teacher, ideas and votes from the class.
    rubric = rubric_actions.create_rubric(
        teacher,
        classroom,
        title=RUBRIC_TITLE,
        description="What a convincing essay looks like, written with the class.",
    )
    levels = list(rubric.levels.all())
    criteria = {}
    for (title, texts), target in zip(DESCRIPTORS.items(), targets, strict=False):
        crit, _ = rubric_actions.add_criterion(teacher, rubric, title=title, target_id=target.pk)
        criteria[title] = crit
        for level, text in zip(levels, texts, strict=True):
            rubric_actions.set_descriptor(
                teacher, rubric, criterion_id=crit.pk, level_id=level.pk, text=text
            )
    rubric_actions.set_codesign(
        teacher, rubric, is_open=True, prompt="What makes an essay convince you?"
    )
    voice = rubric_actions.propose(
        students[0],
        rubric,
        kind="criterion",
        text="Voice: it sounds like a real person who cares about the topic",
        target_id=targets[2].pk,
    )
    wording = rubric_actions.propose(
        students[1],
        rubric,
        kind="descriptor",
        text="Every paragraph does one job, and the first sentence tells you which.",
        criterion_id=criteria["Organisation"].pk,
        level_id=levels[2].pk,
    )
    quotes = rubric_actions.propose(
        students[2], rubric, kind="criterion", text="Uses at least five quotations"
    )
    for voter in students[3:9]:
        rubric_actions.vote(voter, voice)
    for voter in students[3:6]:
        rubric_actions.vote(voter, wording)
    rubric_actions.vote(students[4], quotes)
    rubric_actions.comment_on_proposal(
        students[5], voice, body="Yes! Boring essays never convince me."
    )
    rubric_actions.decide_proposal(
        teacher, voice, decision="accept", reason="Most of you voted for it, and I agree."
    )
    rubric_actions.decide_proposal(
        teacher,
        wording,
        decision="merge",
        merged_text=(
            "Each paragraph has one job, and its first sentence says which; transitions "
            "guide the reader."
        ),
        reason="Your wording is clearer than mine; I kept the part about transitions.",
    )
    rubric_actions.decide_proposal(
        teacher,
        quotes,
        decision="decline",
        reason="Counting quotations rewards padding; two well-explained ones beat five.",
    )
    voice.refresh_from_db()
    # A criterion needs level wording before it can be published; the teacher writes it.
    for level, text in zip(levels, VOICE_LEVELS, strict=True):
        rubric_actions.set_descriptor(
            teacher,
            rubric,
            criterion_id=voice.result_criterion_id,
            level_id=level.pk,
            text=text,
        )
    rubric_actions.publish_rubric(teacher, rubric)

    assignment = submission_actions.create_assignment(
        teacher,
        classroom,
        title="Should our town plant more trees?",
        rubric_id=rubric.pk,
        instructions="Write a short persuasive essay for the town newsletter.",
        self_assessment_required=True,
        peer_anonymous=True,
        peer_review_closes_at=timezone.now() + timedelta(days=7),
    )
    version = rubric.versions.get().content
    level_ids = [lv["id"] for lv in version["levels"]]
    crit_ids = [c["id"] for c in version["criteria"]]
    writers = students[: len(ESSAYS)]
    first = []
    for i, (student, (text, _)) in enumerate(zip(writers, ESSAYS, strict=True)):
        first.append(
            submission_actions.submit_revision(
                student,
                assignment,
                kind="text",
                text=text,
                self_levels={cid: level_ids[2 + (i % 2)] for cid in crit_ids},
                self_note="I think my claim is clear; my evidence could be stronger.",
            )
        )
    peer_actions.auto_assign(teacher, assignment, mode="random", per_student=1, seed=7)
    pairs = {p.author_id: p.reviewer_id for p in assignment.peer_assignments.all()}
    claim, organisation = crit_ids[0], crit_ids[1]
    for i, revision in enumerate(first):
        author = revision.submission.student
        reviewer = next(s for s in students if s.pk == pairs[author.pk])
        if i == 2:
            # Sent after the coach asked for more: kept so the teacher can see it.
            feedback_actions.give_feedback(
                reviewer, revision, criterion_id=claim, body="Good job!", send_anyway=True
            )
        else:
            feedback_actions.give_feedback(
                reviewer,
                revision,
                criterion_id=claim,
                body="Your claim is clear, but the study needs a source: say who did it so "
                "the reader can trust the number.",
            )
        feedback_actions.give_feedback(
            teacher,
            revision,
            criterion_id=organisation,
            level_id=level_ids[1],
            body="Your second paragraph repeats the first. Give it one job, such as answering "
            "the cost objection, so the essay moves forward.",
        )
        feedback_actions.score_revision(
            teacher, revision, levels={claim: level_ids[1], organisation: level_ids[1]}
        )
    # Two students act on their feedback and revise; one has a question.
    for revision, (_, better) in zip(first[:2], ESSAYS[:2], strict=True):
        items = [
            item for review in revision.reviews.exclude(kind="self") for item in review.items.all()
        ]
        student = revision.submission.student
        feedback_actions.respond_to_feedback(student, items[0], response="will-use")
        second = submission_actions.submit_revision(
            student,
            assignment,
            kind="text",
            text=better,
            note="Added where the study came from and gave each paragraph one job.",
            self_levels={cid: level_ids[2] for cid in crit_ids},
            self_note="Better now: the evidence has a source.",
            addresses=[i.pk for i in items],
        )
        feedback_actions.score_revision(
            teacher, second, levels={claim: level_ids[2], organisation: level_ids[2]}
        )
        submission_actions.mark_summative(teacher, second.submission)
    question = first[2].reviews.get(kind="teacher").items.first()
    feedback_actions.respond_to_feedback(writers[2], question, response="question")
    feedback_actions.reply_to_feedback(
        writers[2], question, body="Which part of the second paragraph is repeated?"
    )
    # An exemplar after use: the rubric moves to version 2, old feedback stays on version 1.
    rubric_actions.add_exemplar(
        teacher,
        rubric,
        level_id=level_ids[3],
        criterion_id=crit_ids[0],
        title="Answering the other side",
        body="Some say trees cost too much. Yet the council's own figures show shaded homes "
        "spend less on cooling, so the trees pay for themselves within ten years.",
    )
