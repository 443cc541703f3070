"""The admin's age-band page: set or correct whether a student is under 13 (the consent rule),
with a message for a missing choice, an audit entry, and the student's collections re-checked.
"""

from trellis.audit.models import AuditEntry
from trellis.reflection import actions
from trellis.reflection.models import Audience, Collection, StudentAge

from .conftest import collection_of


def test_the_page_says_what_is_recorded(client, refl):
    client.force_login(refl.admin)
    page = client.get(f"/reflection/students/{refl.student.pk}/age/").content.decode()
    assert "not recorded" in page and "Save the age band" in page
    StudentAge.objects.create(student=refl.student, under_13=True, source="roster")
    page = client.get(f"/reflection/students/{refl.student.pk}/age/").content.decode()
    assert "under 13</strong>, from the roster" in page


def test_no_choice_is_refused_with_a_message_and_nothing_stored(client, refl):
    client.force_login(refl.admin)
    for data in ({}, {"under_13": "maybe"}):
        response = client.post(f"/reflection/students/{refl.student.pk}/age/", data)
        assert response.status_code == 400
        assert "Choose under 13 or 13 or older, then save." in response.content.decode()
    assert not StudentAge.objects.exists()
    assert not AuditEntry.objects.filter(action="student.age").exists()


def test_setting_the_band_rechecks_collections_and_is_audited(client, refl):
    c = collection_of(refl, Audience.LINKED)
    actions.approve_audience(refl.teacher, c.pk)
    assert Collection.objects.get(pk=c.pk).effective_audience == Audience.LINKED
    client.force_login(refl.admin)
    response = client.post(f"/reflection/students/{refl.student.pk}/age/", {"under_13": "1"})
    assert response.status_code == 302
    age = StudentAge.objects.get(student=refl.student)
    assert age.under_13 and age.source == "admin"
    # Under 13 without a guardian's consent: no further than the family.
    assert Collection.objects.get(pk=c.pk).effective_audience == Audience.FAMILY
    entry = AuditEntry.objects.get(action="student.age")
    assert "age band to under 13 (was: not recorded)" in entry.summary
    client.post(f"/reflection/students/{refl.student.pk}/age/", {"under_13": "0"})
    assert not StudentAge.objects.get(student=refl.student).under_13
    assert Collection.objects.get(pk=c.pk).effective_audience == Audience.LINKED
    latest = AuditEntry.objects.filter(action="student.age").order_by("-id").first()
    assert "(was: under 13, from the admin)" in latest.summary
    page = client.get(f"/reflection/students/{refl.student.pk}/age/").content.decode()
    assert "13 or older</strong>, set by an admin" in page


def test_the_people_page_links_students_to_their_age_band(client, refl):
    client.force_login(refl.admin)
    page = client.get("/people/?role=student").content.decode()
    assert f"/reflection/students/{refl.student.pk}/age/" in page
