"""What Django's own tables and this app hold about a person (see declarations.py)."""

from .declarations import Declaration, Erase, register


def _sessions_and_admin_log(person, stand_in):
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session

    # A session names its user only inside its encoded data.
    gone = [
        s.pk
        for s in Session.objects.iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(person.pk)
    ]
    Session.objects.filter(pk__in=gone).delete()
    # The admin log names a changed person in its text, not only by foreign key.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(person)), object_id=str(person.pk)
    ).delete()


register(
    Declaration(
        "admin.LogEntry",
        "Changes you made in the Django admin.",
        {"user": Erase.DELETE},
        erase_with=_sessions_and_admin_log,
        indirect=("object_id", "object_repr"),
    ),
    Declaration(
        "sessions.Session",
        "Your signed-in sessions (not exported: they are keys, not data about you).",
        {},
        export=False,
        indirect=("session_data._auth_user_id",),
    ),
)
