"""The rubric editor as a grid: criteria down, levels across, a blank row and column to add,
"Remove" to take out; the stale-save refusal and "no blank levels published" still hold, and
nothing typed is lost on an error."""

import re

import pytest

from tests.budgets import assert_budget
from trellis.work.actions import rubrics as actions
from trellis.work.models import Descriptor, RubricCriterion, RubricLevel
from trellis.work.queries import rubrics as queries

pytestmark = pytest.mark.django_db


def _grid_post(page, rubric) -> dict:
    """The form exactly as the grid sends it, unchanged."""
    post = {"base_hash": page.base_hash, "title": rubric.title, "description": ""}
    for lv in page.content["levels"]:
        post[f"level-{lv['id']}-title"] = lv["title"]
        post[f"level-{lv['id']}-points"] = "" if lv["points"] is None else lv["points"]
    for c in page.content["criteria"]:
        post[f"crit-{c['id']}-title"] = c["title"]
        post[f"crit-{c['id']}-target"] = c["target_id"]
        post[f"crit-{c['id']}-description"] = c["description"]
        texts = {d["level_id"]: d["text"] for d in c["descriptors"]}
        for lv in page.content["levels"]:
            post[f"desc-{c['id']}-{lv['id']}"] = texts.get(lv["id"], "")
    return post


def _edit(client, rubric, post, **kw):
    return client.post(f"/work/rubrics/{rubric.pk}/edit/", post, **kw)


def test_the_editor_is_a_grid_with_a_blank_row_and_column(client, work):
    client.force_login(work.teacher)
    html = client.get(f"/work/rubrics/{work.rubric.pk}/edit/").content.decode()
    page = queries.rubric_page(work.teacher, work.rubric)
    n_levels, n_crits = len(page.content["levels"]), len(page.content["criteria"])
    table = html[html.index('<table class="rubric-editor"') : html.index("</table>")]
    # Corner, one column per level, the new level's column.
    assert len(re.findall(r'<th scope="col"', table)) == n_levels + 2
    # One row per criterion and the new criterion's row, each with a cell per column.
    assert len(re.findall(r'<tr class="criterion-row', table)) == n_crits + 1
    assert len(re.findall(r"<td class=\"rubric-cell", table)) == (n_crits + 1) * (n_levels + 1)
    crit, level = page.content["criteria"][0], page.content["levels"][0]
    # Each cell has its own label naming the criterion and the level.
    label = re.search(
        rf'<label class="cell-name" for="desc-{crit["id"]}-{level["id"]}">(.*?)</label>', table
    )
    text = re.sub(r"<[^>]+>", "", label.group(1))
    assert crit["title"] in text and level["title"] in text and "style=" not in table


def test_one_save_adds_a_level_and_a_criterion_with_their_cells(client, work):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crits, levels = page.content["criteria"], page.content["levels"]
    post = _grid_post(page, work.rubric)
    post.update(
        {
            "new-level-title": "Beyond",
            "new-level-points": "5",
            f"newdesc-{crits[0]['id']}": "Finds evidence nobody else thought of.",
            "new-crit-title": "Voice",
            "new-crit-target": str(work.targets[1].pk),
            f"new-crit-desc-{levels[0]['id']}": "Sounds like a list.",
            "new-crit-desc-new": "A voice the reader remembers.",
            "then": "more",
        }
    )
    response = _edit(client, work.rubric, post)
    assert response.status_code == 302 and response.url.endswith("/edit/")
    beyond = RubricLevel.objects.get(rubric=work.rubric, title="Beyond", is_active=True)
    voice = RubricCriterion.objects.get(rubric=work.rubric, title="Voice")
    assert Descriptor.objects.get(criterion_id=crits[0]["id"], level=beyond).text.startswith(
        "Finds evidence"
    )
    assert Descriptor.objects.get(criterion=voice, level_id=levels[0]["id"]).text == (
        "Sounds like a list."
    )
    assert Descriptor.objects.get(criterion=voice, level=beyond).text.startswith("A voice")
    # Unused version 1 is replaced: students see the new row and column in version 1.
    content = work.rubric.versions.get().content
    assert [lv["title"] for lv in content["levels"]][-1] == "Beyond"
    assert [c["title"] for c in content["criteria"]][-1] == "Voice"
    # The editor comes back with a fresh blank row and column.
    html = client.get(response.url).content.decode()
    assert 'id="new-crit-title" name="new-crit-title" value=""' in html


def test_a_level_and_a_criterion_are_removed_from_the_grid(client, work):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crits, levels = page.content["criteria"], page.content["levels"]
    post = _grid_post(page, work.rubric)
    post[f"level-{levels[-1]['id']}-retire"] = "1"
    post[f"crit-{crits[-1]['id']}-retire"] = "1"
    assert _edit(client, work.rubric, post).status_code == 302
    content = work.rubric.versions.get().content
    assert len(content["levels"]) == len(levels) - 1
    assert [c["title"] for c in content["criteria"]] == [c["title"] for c in crits[:-1]]


@pytest.mark.parametrize(
    ("change", "message", "kept"),
    [
        (
            {"NEWDESC": "Words for a nameless cell"},
            "described a new level but did not name it",
            "Words for a nameless cell",
        ),
        (
            {"new-crit-title": "Voice", "new-crit-target": "TARGET"},
            "Describe at least one level of “Voice”",
            'value="Voice"',
        ),
    ],
    ids=["unnamed level", "blank new criterion"],
)
def test_grid_errors_say_what_to_do_and_keep_every_typed_cell(client, work, change, message, kept):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crit = page.content["criteria"][0]
    level = page.content["levels"][1]
    post = _grid_post(page, work.rubric)
    post[f"desc-{crit['id']}-{level['id']}"] = "My careful rewording of this cell"
    for key, value in change.items():
        key = f"newdesc-{crit['id']}" if key == "NEWDESC" else key
        post[key] = str(work.targets[0].pk) if value == "TARGET" else value
    before = work.rubric.versions.get().content_hash
    response = _edit(client, work.rubric, post)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and kept in html and "My careful rewording of this cell" in html
    assert "everything you typed is still below" in html
    assert work.rubric.versions.get().content_hash == before
    assert not Descriptor.objects.filter(text="My careful rewording of this cell").exists()


def test_a_published_rubric_cannot_lose_every_word_of_a_criterion(client, work):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crit = page.content["criteria"][0]
    post = _grid_post(page, work.rubric)
    for lv in page.content["levels"]:
        post[f"desc-{crit['id']}-{lv['id']}"] = ""
    response = _edit(client, work.rubric, post)
    assert response.status_code == 400
    assert f"Describe at least one level of “{crit['title']}”" in response.content.decode()
    assert Descriptor.objects.filter(criterion_id=crit["id"]).count() == len(page.content["levels"])


def test_a_stale_grid_is_refused_with_the_typed_cells_kept(client, work):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crit, level = page.content["criteria"][0], page.content["levels"][0]
    post = _grid_post(page, work.rubric)
    post[f"desc-{crit['id']}-{level['id']}"] = "Typed in the first tab"
    actions.set_descriptor(
        work.teacher,
        work.rubric,
        criterion_id=crit["id"],
        level_id=level["id"],
        text="Saved in the other tab",
    )
    response = _edit(client, work.rubric, post)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed this rubric while you were editing" in html and "Typed in the first tab" in html
    assert Descriptor.objects.get(criterion_id=crit["id"], level_id=level["id"]).text == (
        "Saved in the other tab"
    )


def test_the_grid_has_the_same_budget_for_small_and_large_rubrics(client, work):
    client.force_login(work.teacher)
    for n in (1, 8):
        rubric = actions.create_rubric(work.teacher, work.klass, title=f"Grid {n}")
        levels = list(rubric.levels.all())
        for i in range(n):
            crit, _ = actions.add_criterion(
                work.teacher, rubric, title=f"C{i}", target_id=work.targets[0].pk
            )
            for lv in levels:
                actions.set_descriptor(
                    work.teacher, rubric, criterion_id=crit.pk, level_id=lv.pk, text="words"
                )
        actions.publish_rubric(work.teacher, rubric)
        assert_budget(client, "work:rubric_edit", 14, rubric.pk)
