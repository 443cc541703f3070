"""The permission matrix's shared vocabulary: who is asked, and how to write what they get.

Actors are the people of the `world` fixture (tests/conftest.py): anonymous, a student, a
student of another class, the teacher, a teacher of another class, a leader, an admin, and
a teacher and an admin of another school.
"""

ACTORS = [
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "admin",
    "far_teacher",
    "far_admin",
]


def codes(**given):
    """Expected status per actor; unspecified actors get `rest`."""
    rest = given.pop("rest")
    return {a: given.get(a, rest) for a in ACTORS}


def request_as(client, people, actor, method, url, **kwargs):
    """Send one request as `actor` (one of ACTORS, looked up on `people`)."""
    if actor != "anonymous":
        client.force_login(getattr(people, actor))
    return getattr(client, method)(url, **kwargs)
