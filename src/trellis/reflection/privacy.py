"""What reflection holds about a person (see trellis.privacy.declarations).

A student's journal, revisits and portfolio are their own: exported, and erased with them
(recordings included). Responses they wrote on others' collections stay without their name;
family links and notices go.
"""

from django.db import transaction

from trellis.privacy.declarations import Declaration, Erase, register


def _audio_files(reflections):
    for r in reflections:
        if r.audio_name:
            yield r.audio_name, f"reflection-{r.pk}-audio{r.audio_name[r.audio_name.rfind('.') :]}"


def _delete_audio(person, stand_in):
    from .models import Reflection

    names = [
        n
        for n in Reflection._base_manager.filter(author=person).values_list("audio_name", flat=True)
        if n
    ]

    def remove():
        from django.core.files.storage import default_storage

        for n in names:
            if default_storage.exists(n):
                default_storage.delete(n)

    transaction.on_commit(remove)


register(
    Declaration(
        "reflection.Reflection",
        "Your journal: reflections you wrote or recorded (recordings are in files/).",
        {"author": Erase.DELETE},
        files=_audio_files,
        erase_with=_delete_audio,
    ),
    Declaration(
        "reflection.ClassPrompt",
        "Prompts you reworded for a class.",
        {"edited_by": Erase.DEIDENTIFY},
    ),
    Declaration("reflection.Revisit", "Your “then and now” revisits.", {"student": Erase.DELETE}),
    Declaration(
        "reflection.Collection",
        "Your portfolio collections and who may see them.",
        {
            "student": Erase.DELETE,
            "approved_by": Erase.DEIDENTIFY,
            "consented_by": Erase.DEIDENTIFY,
        },
    ),
    Declaration(
        "reflection.CollectionItem",
        "The pieces in your collections.",
        {"collection__student": Erase.DELETE},
    ),
    Declaration(
        "reflection.ShareLink",
        "Secret links to your collections (the secret itself is left out).",
        {"collection__student": Erase.DELETE},
        hide=("token",),
    ),
    Declaration(
        "reflection.Response",
        "Comments and “this helped me think” you gave, and those you moderated.",
        {
            "author": Erase.DEIDENTIFY,
            "moderated_by": Erase.DEIDENTIFY,
            "collection__student": Erase.DELETE,
        },
        scrub=("visitor_name",),
    ),
    Declaration(
        "reflection.GuardianLink",
        "Links between a guardian and a student.",
        {"guardian": Erase.DELETE, "student": Erase.DELETE},
    ),
    Declaration(
        "reflection.FamilyInvite",
        "Family codes made for you or used by you.",
        {"student": Erase.DELETE, "created_by": Erase.DEIDENTIFY, "used_by": Erase.DEIDENTIFY},
        hide=("code",),
    ),
    Declaration("reflection.StudentAge", "Whether you are under 13.", {"student": Erase.DELETE}),
    Declaration(
        "reflection.Notification",
        "Your notices, and notices to others about you or your work.",
        {"recipient": Erase.DELETE, "about": Erase.DELETE},
    ),
    Declaration(
        "reflection.DigestChoice", "Whether you asked for a weekly email.", {"person": Erase.DELETE}
    ),
)
