"""A student's day in French (Canada), in a real Chromium (docs/languages.md).

The browser asks for French (Accept-Language fr-CA) before signing in; once signed in, the
student's own choice (French) decides, whatever the browser says. On every page of the walk
the document says `<html lang="fr-ca">`, shows French, and none of the interface's English
words are left (the class's own content, written by the teacher, stays as written).
"""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.checkins.factories import checkin_with, exit_run, single
from tests.e2e.walk import walk
from tests.factories import PASSWORD
from tests.work.factories import assignment_for
from trellis.accounts.models import School, User
from trellis.curriculum import actions as curriculum
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.grr import MoveKind
from trellis.progression import actions as progression
from trellis.progression.models import PhaseMove
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.models import Revision

# Every test here checks the interface's language (the markup's words), not the flows it
# drives, which run on both backends in English: they run once, in the SQLite run.
pytestmark = pytest.mark.django_db(transaction=True)

# Words of the English interface that no French page of the walk may show. Each is checked as a
# whole word, in the page's visible text and its accessible names (labels, buttons).
ENGLISH = [
    "Sign in",
    "Sign out",
    "Home",
    "Password",
    "Username",
    "My classes",
    "Join a class",
    "Notices",
    "Your data",
    "Display",
    "Skip to main content",
    "Send answer",
    "How sure",
    "Hand in",
    "Your work",
    "Feedback",
    "Revision",
    "Check-ins",
    "check-in",
    "Student",
    "Teacher",
    "Step",
    "Save",
    "Waiting",
    "Modeling",
    "Guided practice",
    "Independent practice",
    "I'm lost",
    "never counts",
    "Please fix",
    "Rubric",
    "Due",
    "optional",
    "required",
    "the",
    "your",
    "and",
]


def visible_text(page) -> str:
    """What a person reads or hears: the body's text plus every accessible name."""
    return page.evaluate(
        """() => {
            const names = [...document.querySelectorAll('[aria-label], [title], [placeholder],'
              + ' img[alt], input[type=submit], button')].map(e =>
                [e.getAttribute('aria-label'), e.getAttribute('title'),
                 e.getAttribute('placeholder'), e.getAttribute('alt'),
                 e.tagName === 'INPUT' ? e.value : ''].filter(Boolean).join(' '));
            return document.body.innerText + '\\n' + names.join('\\n') + '\\n' + document.title;
        }"""
    )


def assert_french(page, *, content=()):
    """<html lang="fr-ca"> and no English word of the interface (the class's own content,
    given in `content`, is taken out first: a teacher writes it in their language)."""
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")
    text = visible_text(page)
    for words in content:
        text = text.replace(words, " ")
    left = [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    assert not left, f"{page.url}: English left: {left}\n---\n{text[:3000]}"


def _french_class(world):
    """A task, a check-in and an assignment written by a French-speaking teacher."""
    teacher, klass = world.teacher, world.klass
    targets = [
        curriculum.create_target(teacher, klass, statement=s)
        for s in ("Je peux appuyer une affirmation sur des preuves", "Je peux organiser mes idées")
    ]
    task = curriculum.create_task(
        teacher,
        klass,
        title="Fractions équivalentes",
        target_ids=[targets[0].pk],
        steps=["Multiplier le numérateur", "Multiplier le dénominateur", "Comparer"],
    )
    progression.start_task(teacher, task)
    checkin, _ = checkin_with(
        teacher,
        [single(prompt="Combien font 2 + 3 ?", target=targets[0])],
        title="Vérification éclair",
    )
    run = exit_run(teacher, checkin, klass)
    rubric = rubric_actions.create_rubric(
        teacher,
        klass,
        title="Texte argumentatif",
        levels=[("Débutant", 1), ("En progrès", 2), ("Maîtrisé", 3), ("Approfondi", 4)],
    )
    levels = list(rubric.levels.all())
    for name, target in zip(("Argument et preuves", "Organisation"), targets, strict=True):
        crit, _ = rubric_actions.add_criterion(teacher, rubric, title=name, target_id=target.pk)
        for lv in levels:
            rubric_actions.set_descriptor(
                teacher, rubric, criterion_id=crit.pk, level_id=lv.pk, text=f"{name} : {lv.title}"
            )
    rubric_actions.publish_rubric(teacher, rubric)
    assignment = assignment_for(teacher, klass, rubric, title="Essai sur les arbres")
    return task, run, rubric, assignment


@pytest.mark.one_backend
def test_a_student_day_in_french(world, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    klass = world.klass
    task, run, rubric, assignment = _french_class(world)
    User.objects.filter(pk=world.student.pk).update(language="fr-ca")
    version = rubric_actions.latest_version(rubric).content
    # People's and the class's names are what they are: taken out before looking for English.
    content = sorted(
        {klass.name, world.school.name, world.student.name, world.teacher.name, "B. 6"},
        key=len,
        reverse=True,
    )

    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        # Sign in: the browser's language, before anyone is known.
        page.goto("/login/")
        assert_french(page, content=content)
        expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Trellis")
        page.get_by_label(re.compile("Nom d.utilisateur")).fill(world.student.username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()

        # Home: the student's own choice from now on.
        expect(page.get_by_role("heading", name="Mes classes")).to_be_visible()
        assert_french(page, content=content)
        page.get_by_role("link", name=klass.name).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(klass.name)
        assert_french(page, content=content)

        # A live task, in modeling: say a step lost you.
        page.goto(f"/classes/{klass.pk}/tasks/{task.pk}/learn/")
        expect(page.get_by_role("button", name="Je suis perdu")).to_be_visible()
        assert_french(page, content=content)
        page.get_by_role("button", name="Je suis perdu").click()
        # In the page (#main): the live region (#announcer) may say the same sentence.
        expect(
            page.locator("#main").get_by_text("Tu as dit que cette étape t'a perdu")
        ).to_be_visible()
        assert_french(page, content=content)

        # A check-in: answer, then say how sure.
        page.goto(f"/checkins/runs/{run.pk}/take/")
        expect(page.get_by_text("Ceci ne compte jamais dans une note.")).to_be_visible()
        assert_french(page, content=content)
        page.get_by_label("B. 6").check()
        page.get_by_role("button", name="Envoyer la réponse").click()
        expect(page.get_by_role("status").filter(has_text="Réponse enregistrée")).to_be_visible()
        assert_french(page, content=content)
        page.get_by_role("button", name=re.compile("Je pourrais l.enseigner")).click()
        saved = re.compile(r"Enregistré\s*: ta réponse et ton niveau")
        expect(page.locator("#main").get_by_text(saved)).to_be_visible()
        assert_french(page, content=content)

        # Hand in, with a self-assessment against the rubric.
        page.goto(f"/work/assignments/{assignment.pk}/submit/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Remettre")
        assert_french(page, content=content)
        page.get_by_role("textbox", name="Ton travail", exact=True).fill(
            "Les villes devraient planter plus d'arbres.\n\nLes rues ombragées sont plus fraîches."
        )
        for criterion in version["criteria"]:
            group = page.get_by_role("group", name=criterion["title"])
            group.get_by_role("radio").nth(2).check()
        page.get_by_label("Une courte note sur ton travail").fill("Mes preuves sont solides.")
        page.get_by_role("button", name="Remettre").click()
        expect(page.get_by_role("status")).to_contain_text("Remis")
        assert_french(page, content=content)

        # The teacher's feedback arrives; the student reads it and says they will use it.
        revision = Revision.objects.get(submission__assignment=assignment)
        criterion_id = version["criteria"][0]["id"]
        comment = "Ton deuxième paragraphe a besoin d'une phrase de transition."
        feedback_actions.give_feedback(
            world.teacher, revision, criterion_id=criterion_id, body=comment, send_anyway=True
        )
        page.goto(f"/work/assignments/{assignment.pk}/")
        item = page.locator(".feedback-item").filter(has_text="phrase de transition")
        expect(item).to_be_visible()
        assert_french(page, content=[*content, comment])
        item.get_by_role("button", name="Je vais l'utiliser").click()
        expect(page.get_by_role("status")).to_contain_text("Merci")
        assert_french(page, content=[*content, comment])
    finally:
        context.close()


@pytest.mark.one_backend
@pytest.mark.parametrize(
    "who,at_least",
    [("student", 30), ("teacher", 70), ("admin", 70), ("leader", 15), ("guardian", 10)],
)
def test_every_page_in_french_passes_axe_and_reflows(
    world, browser, live_server, tmp_path, who, at_least
):
    """Each role's whole walk (axe with the WCAG 2.2 rules, no sideways scroll at 320 px) with
    the school's pages in French: longer words must still fit, and names must still match."""
    School.objects.filter(pk=world.school.pk).update(language="fr-ca")
    client = Client()
    client.force_login(world.student)  # the school's default reaches its people
    assert '<html lang="fr-ca">' in client.get("/").content.decode()
    walk(world, browser, live_server, who, tmp_path, at_least=at_least)


@pytest.mark.one_backend
def test_an_admin_reads_the_roster_import_in_french(world, browser, live_server, tmp_path):
    """The OneRoster import page in French: a set with a bad cell is refused, and the report
    and the kept run say so in French, with the file, line, column and value as they are."""
    from tests.rosters.oneroster.sets import RosterSetBuilder

    school = School.objects.create(
        name="Cedar Ridge High School", slug="cedar-ridge", sourced_id="cedar-ridge-hs"
    )
    admin = User.objects.create_user(
        "cedar-admin", password=PASSWORD, role="admin", school=school, language="fr-ca"
    )
    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", "cr-student-00001", "enabledUser", "maybe")
    line = roster.rows("users.csv").index(roster.row("users.csv", "cr-student-00001")) + 1
    data = roster.zip()
    content = [school.name, admin.name, admin.username, "cr-student-00001", "maybe"]

    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/login/")
        page.get_by_label(re.compile("Nom d.utilisateur")).fill(admin.username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.goto("/classes/import/")
        assert_french(page, content=content)
        page.get_by_label("Ensemble OneRoster (.zip)").set_input_files(str(data))
        page.get_by_role("button", name="Importer").click()
        expect(page.get_by_role("heading", name="Non importé")).to_be_visible()
        problem = page.get_by_role("alert").locator("tr").filter(has_text="enabledUser")
        expect(problem).to_contain_text("Écrivez true ou false.")
        expect(problem).to_contain_text("users.csv")
        expect(problem).to_contain_text(str(line))
        assert_french(page, content=content)
        # The run is kept: the page's "last imports" says it in French too.
        page.goto("/classes/import/")
        expect(page.get_by_text(re.compile(r"ligne \d+, colonne enabledUser"))).to_be_visible()
        assert_french(page, content=content)
    finally:
        context.close()


@pytest.mark.one_backend
def test_a_teacher_reads_the_release_boards_reasons_in_french(world, as_user):
    """The engine's reasons (docs/languages.md): the board's cells and a cell's details say
    the advice and its reason in French, with a decimal comma; the move log keeps the English
    sentence recorded at the time (history, marked lang="en")."""
    from trellis.progression.queries import clear_readiness_cache
    from trellis.progression.views import clear_grid_cache

    clear_readiness_cache()  # the live server shares this process; ids are reused
    clear_grid_cache()
    klass, student = world.klass, world.student
    task, _run, _rubric, _assignment = _french_class(world)
    target = task.targets.first().pk
    progression.move_students(world.teacher, task, [student.pk], MoveKind.ADVANCE)
    progression.move_students(world.teacher, task, [student.pk], MoveKind.ADVANCE)
    for i in range(5):
        record(
            actor=student,
            verb=Verb.ANSWERED,
            object_type="checkin-item",
            object_id=i,
            classroom=klass,
            target_id=target,
            result={"success": i != 2},
        )
    User.objects.filter(pk=world.teacher.pk).update(language="fr-ca")
    recorded = list(PhaseMove.objects.values_list("recommendation_reason", flat=True))
    content = sorted(
        {klass.name, world.school.name, student.name, world.teacher.name, task.title, *recorded},
        key=len,
        reverse=True,
    )

    board = as_user(world.teacher.username)
    board.goto(f"/classes/{klass.pk}/board/")
    expect(board.get_by_role("heading", level=1)).to_contain_text("Tableau de transfert")
    assert_french(board, content=content)
    board.locator(f"#cell-{task.pk}-{student.pk}").focus()
    detail = board.locator("#cell-detail")
    expect(detail).to_contain_text("Pourquoi")
    expect(detail).to_contain_text(
        re.compile(r"réponses justes aux vérifications formatives\s*: 4 sur les 5 dernières")
    )
    expect(detail).to_contain_text(re.compile(r"maîtrise 0,\d\d"))
    expect(detail).to_contain_text("aucune demande d'aide")
    expect(detail).to_contain_text(re.compile(r"→ (maintenir en|peut passer à la) pratique"))
    expect(detail.locator("span[lang=en]").first).to_be_attached()
    assert_french(board, content=content)
