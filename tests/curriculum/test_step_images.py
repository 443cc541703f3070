"""Pictures on a task's steps: uploaded with alt text, checked by content, shown wherever the
step is, and served only to the people who may see the task."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from tests.permissions import ACTORS, codes, request_as
from trellis.curriculum import actions
from trellis.curriculum.models import TaskStep

pytestmark = pytest.mark.django_db


def tiny_png() -> bytes:
    """A real 2×2 red PNG, made here."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def png(name="graph.png", content=None):
    return SimpleUploadedFile(name, tiny_png() if content is None else content, "image/png")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _post(task, **step):
    data = {
        "title": task.title,
        "version": str(task.version),
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-id": str(task.steps.get().pk),
        "steps-0-text": "Plot the line",
        "steps-0-worked_example": "y = 2x + 1",
    }
    data.update({f"steps-0-{k}": v for k, v in step.items()})
    return data


@pytest.fixture
def task(world):
    return actions.create_task(world.teacher, world.klass, title="Graphs", steps=["Plot"])


def test_upload_then_every_step_page_shows_it(
    world, client, task, media, django_capture_on_commit_callbacks
):
    client.force_login(world.teacher)
    edit = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    page = client.get(edit).content.decode()
    assert 'enctype="multipart/form-data"' in page and "up to 5 MB" in page
    r = client.post(edit, _post(task, image=png(), image_alt="A line through (0, 1)"))
    assert r.status_code == 302
    step = TaskStep.objects.get()
    assert step.image.endswith(".png") and step.image_name == "graph.png"
    url = reverse("curriculum:step_image", args=[world.klass.pk, task.pk, step.pk])
    shown = f'<img class="step-image" src="{url}" alt="A line through (0, 1)">'
    assert shown in client.get(reverse("curriculum:task", args=[world.klass.pk, task.pk])).text
    assert shown in client.get(edit).text
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == tiny_png()
    assert r["Content-Type"] == "image/png"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"] == 'inline; filename="graph.png"'

    # Saving again without a new file keeps the picture; "Remove image" drops it and its file.
    task.refresh_from_db()
    assert client.post(edit, _post(task, image_alt="A line")).status_code == 302
    assert TaskStep.objects.get().image == step.image
    task.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(edit, _post(task, remove_image="on"))
    assert r.status_code == 302
    assert TaskStep.objects.get().image == ""
    assert client.get(url).status_code == 404
    assert not any(media.rglob("*.png"))


def test_alt_text_is_required_and_what_was_typed_is_kept(world, client, task, media):
    client.force_login(world.teacher)
    edit = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    r = client.post(edit, _post(task, image=png(), image_alt="  "))
    assert r.status_code == 400
    assert "describe what it shows (alt text)" in r.text
    assert 'id="id_steps-0-image_alt_error"' in r.text
    assert "y = 2x + 1" in r.text and "Plot the line" in r.text
    assert TaskStep.objects.get().image == ""
    assert not media.exists() or not any(media.rglob("*.png"))
    with pytest.raises(actions.UserError, match="no description"):
        actions.save_steps(world.teacher, task, [{"text": "a", "image": png()}])


@pytest.mark.parametrize(
    "upload",
    [
        png("notes.png", b"just some text pretending to be a picture\n"),
        png("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
        png("photo.jpg"),  # PNG content named like a JPEG
    ],
)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused_by_content(world, client, task, upload):
    client.force_login(world.teacher)
    edit = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    r = client.post(edit, _post(task, image=upload, image_alt="A graph"))
    assert r.status_code == 400
    assert "is not a PNG or JPEG picture" in r.text and "Export it as PNG or JPEG" in r.text
    assert 'id="id_steps-0-image_error"' in r.text
    assert "A graph" in r.text
    assert TaskStep.objects.get().image == ""


def test_a_picture_over_the_limit_is_refused(world, client, task, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(world.teacher)
    big = png(content=tiny_png() + b"\x00" * (1024 * 1024))
    edit = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    r = client.post(edit, _post(task, image=big, image_alt="A graph"))
    assert r.status_code == 400 and "larger than 1 MB" in r.text


def test_a_new_task_can_carry_a_picture(world, client):
    client.force_login(world.teacher)
    r = client.post(
        reverse("curriculum:task_create", args=[world.klass.pk]),
        {
            "title": "Graphs",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-text": "Read the graph",
            "steps-0-image": png(),
            "steps-0-image_alt": "A parabola",
        },
    )
    assert r.status_code == 302
    assert TaskStep.objects.get().image_alt == "A parabola"


def test_a_copied_task_shares_the_picture_until_both_drop_it(
    world, task, media, django_capture_on_commit_callbacks
):
    [step] = actions.save_steps(
        world.teacher, task, [{"id": task.steps.get().pk, "text": "a", "image": png(),
                               "image_alt": "A graph"}]
    )  # fmt: skip
    other = class_with(world.teacher, students=0, school=world.school)
    copy = actions.copy_task(world.teacher, task, other)
    assert copy.steps.get().image == step.image
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_steps(
            world.teacher, task, [{"id": step.pk, "text": "a", "remove_image": True}]
        )
    assert (media / step.image).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_steps(
            world.teacher, copy, [{"id": copy.steps.get().pk, "text": "a", "remove_image": True}]
        )
    assert not (media / step.image).exists()


def _image_url(world, task):
    step = actions.save_steps(
        world.teacher, task,
        [{"id": task.steps.get().pk, "text": "a", "image": png(), "image_alt": "A graph"}],
    )[0]  # fmt: skip
    return reverse("curriculum:step_image", args=[world.klass.pk, task.pk, step.pk])


# Teachers and students of the class see it; an admin of the school may open every class.
EXPECTED = codes(anonymous=302, student=200, teacher=200, admin=200, rest=404)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_a_step_picture(world, client, task, actor):
    url = _image_url(world, task)
    r = request_as(client, world, actor, "get", url)
    assert r.status_code == EXPECTED[actor], actor


def test_no_picture_or_a_wrong_path_is_not_found(world, client, task):
    client.force_login(world.teacher)
    step = task.steps.get()
    assert (
        client.get(
            reverse("curriculum:step_image", args=[world.klass.pk, task.pk, step.pk])
        ).status_code
        == 404
    )
    url = _image_url(world, task)
    wrong = url.replace(f"/{world.klass.pk}/", f"/{world.other_class.pk}/", 1)
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("n", (3, 40))
def test_step_image_budget(client, tmp_path, n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    task = actions.create_task(teacher, klass, title="T", steps=["x"] * n)
    steps = [{"id": s.pk, "text": s.text} for s in task.steps.all()]
    steps[0].update(image=png(), image_alt="A graph")
    step = actions.save_steps(teacher, task, steps)[0]
    client.force_login(teacher)
    client.get("/")
    assert_budget(client, "curriculum:step_image", 3, klass.pk, task.pk, step.pk)


def test_the_projector_and_the_students_live_page_show_it(world, client, task):
    from trellis.progression import actions as progression

    url = _image_url(world, task)
    progression.start_task(world.teacher, task)
    shown = f'<img class="step-image" src="{url}" alt="A graph">'
    client.force_login(world.teacher)
    assert (
        shown in client.get(reverse("progression:projector", args=[world.klass.pk, task.pk])).text
    )
    client.force_login(world.student)
    assert shown in client.get(reverse("progression:learn", args=[world.klass.pk, task.pk])).text
