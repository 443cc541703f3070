"""The audience step "a class or school my teacher linked" across schools (#19): a teacher links
a class of another school only when the two schools share a network of schools (each joined by
its own leader). The linked class's students and teacher then see the published collection and
nothing else of the author; the link stops counting when a school leaves the network."""

import pytest

from tests.factories import LeaderFactory, TeacherFactory, class_with
from tests.reflection.conftest import collection_of, reflection_of
from trellis.collaboration import actions as network_actions
from trellis.common.errors import NotFound, UserError
from trellis.reflection import actions, queries
from trellis.reflection.models import Audience, ResponseStatus
from trellis.reflection.permissions import collections_visible_to
from trellis.rosters.models import Enrollment

pytestmark = pytest.mark.django_db


def sees(user, c) -> bool:
    return collections_visible_to(user).filter(pk=c.pk).exists()


@pytest.fixture
def net(refl):
    """`refl` with Maple Grove and Far Away in one network, each joined by its own leader; a
    second, unlinked collection of the author; `far_student` in the far class."""
    refl.network = network_actions.create_network(refl.leader, name="District")
    network_actions.join_network(refl.far_admin, code=refl.network.join_code)
    refl.far_student = (
        Enrollment.objects.filter(classroom=refl.far_class, role="student").first().user
    )
    return refl


def published_to_far_class(w):
    c = collection_of(w)
    c = actions.link_class(w.teacher, c.pk, w.far_class.pk)
    c = actions.choose_audience(w.student, c.pk, Audience.LINKED, c.version)
    return actions.approve_audience(w.teacher, c.pk)


def test_a_class_of_a_network_school_can_be_linked_and_sees_it_after_approval(net):
    c = collection_of(net)
    c = actions.link_class(net.teacher, c.pk, net.far_class.pk)
    assert c.linked_class == net.far_class
    c = actions.choose_audience(net.student, c.pk, Audience.LINKED, c.version)
    assert not sees(net.far_student, c)  # waits for the teacher
    actions.approve_audience(net.teacher, c.pk)
    assert sees(net.far_student, c) and sees(net.far_teacher, c)
    # The far school's admin oversees its classes (as our admin does ours); its leader and its
    # other classes see nothing, and neither does another class of ours.
    far_leader = LeaderFactory(school=net.far_school)
    far_other = class_with(net.far_teacher, students=1, school=net.far_school)
    far_other_student = Enrollment.objects.get(classroom=far_other, role="student").user
    assert sees(net.far_admin, c)
    assert not sees(far_leader, c) and not sees(far_other_student, c)
    assert not sees(net.other_student, c)


def test_the_linked_school_sees_the_piece_never_the_authors_private_work(client, net):
    c = published_to_far_class(net)
    private = reflection_of(net, body="A private thought about my group.")
    other = actions.create_collection(net.student, net.klass, "Drafts only")
    client.force_login(net.far_student)
    page = client.get(f"/reflection/collections/{c.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Drawing the diagram first helped" in html  # the published piece
    assert net.student.first_name in html and net.student.last_name not in html
    assert net.klass.name not in html  # the class is not named to an outside reader
    assert "A private thought about my group." not in html
    for url in (
        f"/reflection/collections/{other.pk}/",
        f"/reflection/reflections/{private.pk}/audio/",
        f"/reflection/classes/{net.klass.pk}/journal/",
        f"/reflection/classes/{net.klass.pk}/timeline/",
        f"/work/revisions/{net.revision.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_comment_from_the_linked_school_waits_for_the_teacher(net):
    c = published_to_far_class(net)
    r = actions.respond(net.far_student, c, body="I will try the diagram too.", helped=True)
    assert r.outside and r.status == ResponseStatus.WAITING
    page = queries.collection_page(net.student, c, manages=False)
    assert page.responses == []
    actions.moderate_response(net.teacher, r.pk, True)
    page = queries.collection_page(net.student, c, manages=False)
    assert [v.body for v in page.responses] == ["I will try the diagram too."]
    # The far reader never sees a classmate's name either.
    classmate_said = actions.respond(net.classmate, c, body="Nice plan.", helped=False)
    assert classmate_said.status == ResponseStatus.SHOWN
    seen = queries.collection_page(net.far_student, c, manages=False)
    assert "A classmate" in [v.who for v in seen.responses]
    assert net.classmate.name not in [v.who for v in seen.responses]


def test_leaving_the_network_ends_what_the_link_shows(net):
    c = published_to_far_class(net)
    assert sees(net.far_student, c)
    network_actions.leave_network(net.far_admin, net.network)
    assert not sees(net.far_student, c) and not sees(net.far_teacher, c)
    with pytest.raises(UserError):  # and the class cannot be linked again
        actions.link_class(net.teacher, c.pk, net.far_class.pk)


def test_only_the_collections_own_teacher_links_and_approves(net):
    c = collection_of(net, Audience.LINKED)
    for outsider in (net.far_teacher, net.far_admin, net.other_teacher, net.leader):
        with pytest.raises(NotFound):
            actions.link_class(outsider, c.pk, net.far_class.pk)
    c = actions.link_class(net.teacher, c.pk, net.far_class.pk)
    with pytest.raises(NotFound):
        actions.approve_audience(net.far_teacher, c.pk)
    with pytest.raises(NotFound):
        actions.moderate_response(net.far_teacher, 0, True)


def test_a_school_in_another_network_is_not_linkable(net):
    third_leader = LeaderFactory()
    elsewhere = network_actions.create_network(third_leader, name="Elsewhere")
    teacher = TeacherFactory(school=third_leader.school)
    klass = class_with(teacher, students=2, school=third_leader.school)
    assert elsewhere.pk
    c = collection_of(net)
    with pytest.raises(UserError, match="networks of schools"):
        actions.link_class(net.teacher, c.pk, klass.pk)
    c.refresh_from_db()
    assert c.linked_class is None


def test_the_form_groups_the_network_schools_classes_and_says_what_went_wrong(client, net):
    c = collection_of(net, Audience.LINKED)
    client.force_login(net.teacher)
    html = client.get(f"/reflection/collections/{c.pk}/").content.decode()
    assert f'<optgroup label="{net.far_school.name}">' in html
    assert f'<optgroup label="{net.school.name}">' in html
    assert html.index(net.school.name + '">') < html.index(net.far_school.name + '">')
    assert net.far_class.name in html
    # A class that cannot be linked: a message that says so, and nothing is saved.
    answer = client.post(
        f"/reflection/collections/{c.pk}/linked-class/", {"linked_class": "999999"}, follow=True
    )
    text = answer.content.decode()
    assert "That class cannot be linked." in text
    c.refresh_from_db()
    assert c.linked_class is None
    client.post(f"/reflection/collections/{c.pk}/linked-class/", {"linked_class": net.far_class.pk})
    c.refresh_from_db()
    assert c.linked_class == net.far_class
    html = client.get(f"/reflection/collections/{c.pk}/").content.decode()
    assert f"Linked now: {net.far_class.name}, {net.far_school.name}." in html
