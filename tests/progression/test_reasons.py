"""The engine's reasons in the reader's language (progression.queries.reasons, docs/languages.md).

Every fact code the engine can emit has its own English and French words (never a fallback to
English), the English matches the engine's own `Recommendation.reason`, French numbers take a
decimal comma, plurals follow French rules, and day names come from Django's date formats.
"""

from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from trellis.grr import Evidence, Phase, Recommendation, pause_signal, recommend, suggest_groups
from trellis.grr.reasons import CODES, Explanation, english, fact
from trellis.grr.stall import apply_stall, stall_check
from trellis.progression.queries import reasons

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=TZ)  # a Thursday
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
LONG_AGO = datetime(2026, 11, 3, 10, 0, tzinfo=TZ)

# One example of every code the engine can emit (a test checks this covers them all).
EXAMPLES = {
    "no_evidence": fact("no_evidence"),
    "answers_right": fact("answers_right", right=4, total=5, last=True),
    "no_capability": fact("no_capability"),
    "mastery": fact("mastery", value=0.912, weakest=None),
    "no_confidence": fact("no_confidence"),
    "confidence": fact("confidence", value=3.5),
    "belief": fact("belief", value=0.85, profile="matched"),
    "no_help": fact("no_help"),
    "asked_help": fact("asked_help", at=TUESDAY, weekday=True),
    "no_help_since": fact("no_help_since", at=LONG_AGO, weekday=False),
    "self_gap": fact("self_gap", gap=0.5, above=True),
    "params": fact(
        "params", text="learned from 412 students in your school", source="pooled", students=412
    ),
    "stalled_lost": fact("stalled_lost", count=2, minutes=15),
    "stalled_quiet": fact("stalled_quiet", minutes=16),
    "lost_share": fact("lost_share", lost=7, size=24, share=7 / 24, minutes=10),
    "ready_complete": fact("ready_complete"),
    "ready_for": fact("ready_for", phase=Phase.INDEPENDENT),
    "step_back_to": fact("step_back_to", phase=Phase.GUIDED),
    "hold_in": fact("hold_in", phase=Phase.CO_CONSTRUCTION),
    "pause": fact("pause"),
    "keep_modeling": fact("keep_modeling", share=0.3),
    "task_complete": fact("task_complete"),
    "help_in_independent": fact("help_in_independent"),
    "lost_in_co_construction": fact("lost_in_co_construction", count=3),
    "mastery_under": fact("mastery_under", value=0.4),
    "recent_help": fact("recent_help"),
    "needs_observations": fact("needs_observations", needed=3, has=2),
    "capable_but_unsure": fact("capable_but_unsure"),
    "confident_not_accurate": fact("confident_not_accurate"),
    "ask_confidence": fact("ask_confidence"),
    "not_ready_belief": fact("not_ready_belief", belief=0.9, floor=0.6),
    "not_ready_mastery": fact("not_ready_mastery", mastery=0.85),
    "reteach_small_group": fact("reteach_small_group"),
    "work_alongside": fact("work_alongside"),
    "too_easy": fact("too_easy"),
    "too_hard": fact("too_hard"),
    "pause_in_modeling_only": fact("pause_in_modeling_only"),
}


def in_language(language, item):
    with translation.override(language):
        return reasons.say_fact(item)


def test_the_examples_cover_every_code_the_engine_can_emit():
    assert set(EXAMPLES) == set(CODES)
    assert reasons.CODES >= CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_said_in_english_as_the_engine_says_it(code):
    assert in_language("en", EXAMPLES[code]) == english(Explanation((EXAMPLES[code],)))


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_french_words_of_its_own(code):
    french = in_language("fr-ca", EXAMPLES[code])
    assert french and french != in_language("en", EXAMPLES[code])


def test_french_numbers_take_a_decimal_comma_and_a_space_before_percent():
    assert in_language("fr-ca", EXAMPLES["mastery"]) == "maîtrise 0,91"
    assert in_language("fr-ca", EXAMPLES["confidence"]) == "confiance 3,5 sur 4"
    assert in_language("en", EXAMPLES["mastery"]) == "mastery 0.91"
    assert in_language("fr-ca", EXAMPLES["lost_share"]) == (
        "7 élèves sur 24 (29\u00a0%) ont dit être perdus dans les 10 dernières minutes"
    )
    assert in_language("en", EXAMPLES["lost_share"]) == (
        "7 of 24 students (29%) reported being lost in the last 10 minutes"
    )


def test_plurals_follow_each_language():
    one = fact("lost_share", lost=1, size=24, share=1 / 24, minutes=1)
    assert in_language("fr-ca", one) == (
        "1 élève sur 24 (4\u00a0%) a dit être perdu dans la dernière minute"
    )
    assert in_language("en", one) == "1 of 24 students (4%) reported being lost in the last minute"
    assert in_language("en", EXAMPLES["params"]) == "learned from 412 students in your school"
    few = fact("params", text="", source="pooled", students=1)
    assert in_language("fr-ca", few) == (
        "appris de 1 élève de votre école, en s'appuyant sur ses valeurs typiques"
    )
    assert in_language("fr-ca", fact("stalled_quiet", minutes=1)) == (
        "bloqué\u00a0: aucun travail depuis 1 minute"
    )


def test_days_are_named_in_the_language_weekday_within_a_week_else_the_date():
    assert in_language("en", EXAMPLES["asked_help"]) == "asked for help on Tuesday"
    assert in_language("fr-ca", EXAMPLES["asked_help"]) == "a demandé de l'aide mardi"
    assert in_language("en", EXAMPLES["no_help_since"]) == "no help requests since 3 November 2026"
    assert in_language("fr-ca", EXAMPLES["no_help_since"]) == (
        "aucune demande d'aide depuis le 3 novembre 2026"
    )


def test_a_family_population_keeps_its_code():
    item = fact(
        "params",
        text="too little history: using the typical values of targets coded 6.NS",
        source="population",
        students=0,
    )
    assert in_language("en", item) == item["text"]
    assert in_language("fr-ca", item) == (
        "trop peu d'historique\u00a0: valeurs typiques des cibles de code 6.NS"
    )


def _reason(rec: Recommendation, language: str) -> str:
    with translation.override(language):
        return reasons.say(rec.explanation)


def test_a_whole_recommendation_reads_the_same_in_english_and_in_french_words():
    evidence = [Evidence.answer("t", True, NOW - timedelta(minutes=50 - i)) for i in range(5)] + [
        Evidence.confidence("t", 3, NOW - timedelta(minutes=5)),
        Evidence.help_request("t", TUESDAY),
    ]
    rec = recommend(Phase.GUIDED, evidence, now=NOW)
    assert _reason(rec, "en") == rec.reason
    assert "no help requests since Tuesday → ready for independent practice" in rec.reason
    french = _reason(rec, "fr-ca")
    assert french.startswith("réponses justes aux vérifications formatives\u00a0: 5 sur les 5")
    assert ", maîtrise 1,00, confiance 3 sur 4, " in french
    assert (
        "aucune demande d'aide depuis mardi → peut passer à la pratique autonome\u202f; " in french
    )
    assert french.endswith("le travail récent semble trop facile (proposez un défi à cet élève)")
    with translation.override("fr-ca"):
        assert reasons.decision(rec) == "peut passer à la pratique autonome"


def test_a_stall_and_the_pause_signal_are_said_in_french():
    items = [Evidence.answer("t", True, NOW - timedelta(minutes=40))]
    rec = recommend(Phase.GUIDED, items, now=NOW)
    since = NOW - timedelta(minutes=30)
    stalled = apply_stall(rec, stall_check(Phase.GUIDED, items, active_since=since, now=NOW))
    assert reasons.stalled(stalled) and not reasons.stalled(rec)
    assert _reason(stalled, "en") == stalled.reason
    assert _reason(stalled, "fr-ca") == (
        "bloqué\u00a0: aucun travail depuis 30 minutes → revenir au modelage (je fais)\u00a0: "
        "enseigner de nouveau en petit groupe"
    )
    lost = {s: [Evidence.confidence("t", 1, NOW - timedelta(minutes=1))] for s in range(3)}
    lost.update({s: [] for s in range(3, 10)})
    signal = pause_signal(Phase.MODELING, lost, now=NOW)
    with translation.override("fr-ca"):
        assert reasons.say(signal.explanation) == (
            "3 élèves sur 10 (30\u00a0%) ont dit être perdus dans les 10 dernières minutes "
            "→ faire une pause et décomposer"
        )
    with translation.override("en"):
        assert reasons.say(signal.explanation) == signal.reason


def test_a_note_and_a_why_are_punctuated_the_french_way():
    told = Explanation(
        (EXAMPLES["mastery"],),
        fact("hold_in", phase=Phase.GUIDED),
        fact("mastery_under", value=0.4),
        (fact("too_hard"),),
    )
    with translation.override("fr-ca"):
        assert reasons.say(told) == (
            "maîtrise 0,91 → maintenir en pratique guidée\u00a0: maîtrise sous 0,40"
            "\u202f; le travail récent semble trop difficile (décomposez-le)"
        )
    assert english(told) == (
        "mastery 0.91 → hold in guided practice: mastery under 0.40; "
        "recent work looks too hard (break it down)"
    )


def test_calibration_and_group_labels_are_said_in_french():
    evidence = [Evidence.answer("t", True, NOW - timedelta(minutes=i)) for i in range(5)]
    rec = recommend(Phase.GUIDED, evidence, now=NOW)
    with translation.override("fr-ca"):
        assert reasons.calibration_words(rec.readiness.calibration) == (
            "pas assez de traces pour comparer la compétence et la confiance"
        )
    (group,) = suggest_groups({1: rec, 2: rec})
    with translation.override("fr-ca"):
        assert reasons.group_label(group) == f"{reasons.decision(rec)}\u00a0: 2"
    with translation.override("en"):
        assert reasons.group_label(group) == group.label


# --------------------------------------------------------------------------- on the pages


@pytest.mark.django_db
def test_one_cached_readiness_is_said_in_each_readers_language(client):
    """The readiness cache keeps facts: a French teacher and then an English one read the same
    cached board, each in their own words (the cell details and the grid)."""
    from django.urls import reverse

    from tests.factories import TeacherFactory
    from tests.progression.test_board import build
    from trellis.accounts.models import User
    from trellis.progression import queries
    from trellis.rosters import actions as roster_actions
    from trellis.rosters.models import EnrollmentRole

    teacher, klass, tasks, students = build(3, n_tasks=1)
    colleague = TeacherFactory(school=teacher.school)
    roster_actions.enroll(klass, colleague, EnrollmentRole.TEACHER)
    User.objects.filter(pk=teacher.pk).update(language="fr-ca")
    User.objects.filter(pk=colleague.pk).update(language="en")
    cell = reverse("progression:board_cell", args=[klass.pk, tasks[0].pk, students[0].pk])
    grid = reverse("progression:board_grid", args=[klass.pk])

    client.force_login(teacher)
    page = unescape(client.get(cell).content.decode())
    french = page[: page.index("</dl>")]  # the move log below keeps what was recorded
    assert "<dd>maintenir en co-construction (nous faisons)</dd>" in french
    assert "aucune demande d'aide → maintenir" in french and "hold in" not in french
    french_grid = client.get(grid).content.decode()
    assert "Conseil\u00a0: maintenir en co-construction (nous faisons)." in french_grid
    assert "Advice:" not in french_grid
    state = queries.board_state(teacher, klass)
    assert queries.readiness(state).recs  # cached now, as facts

    client.force_login(colleague)
    english_cell = client.get(cell).content.decode()
    assert "hold in co-construction (we do)" in english_cell and "maintenir" not in english_cell
    english_grid = client.get(grid).content.decode()
    assert "Advice: hold in co-construction (we do)." in english_grid
