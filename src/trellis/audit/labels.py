"""The words of the audit log: each action's name and what an admin reads for it.

Apps may record actions not listed here (the page then shows the name itself); listing one
gives it a readable label and a place in the page's filter.
"""

import re

from django.utils.translation import gettext_lazy

ACTIONS: dict[str, str] = {
    "roster.import": gettext_lazy("Roster imported"),
    "roster.import_refused": gettext_lazy("Roster import refused"),
    "roster.link_school": gettext_lazy("School linked to the information system"),
    "roster.sync": gettext_lazy("Nightly roster sync"),
    "people.deactivate": gettext_lazy("Person deactivated"),
    "people.reactivate": gettext_lazy("Person reactivated"),
    "people.change_role": gettext_lazy("Role changed"),
    "people.reset_signin": gettext_lazy("Sign-in reset"),
    "signin.invite": gettext_lazy("Invitation to set a password"),
    "signin.set_password": gettext_lazy("Password set by an admin"),
    "signin.unlock": gettext_lazy("Account unlocked"),
    "audit.export": gettext_lazy("Audit log exported"),
    "privacy.export": gettext_lazy("Personal data exported"),
    "privacy.erase": gettext_lazy("Personal data erased"),
    "student.age": gettext_lazy("Student's age band set"),
    "guardian.unlink": gettext_lazy("Family link ended"),
}

# "user:123", "class:5", "system:import-roster"
REF = re.compile(r"^[a-z][a-z0-9_-]{0,39}:[^\s]{1,80}$")

# How a model is named in a reference, when its model name is not the word people use.
KIND_OF_MODEL = {"classroom": "class"}


def label(action: str) -> str:
    return ACTIONS.get(action, action)


def ref(obj) -> str:
    """A stable reference for a model instance ("user:12") or a reference string as given."""
    if isinstance(obj, str):
        if not REF.match(obj):
            raise ValueError(f"An audit reference looks like “user:12”, not “{obj}”.")
        return obj
    name = obj._meta.model_name
    if obj.pk is None:
        raise ValueError(f"A {name} must be saved before the audit log can name it.")
    return f"{KIND_OF_MODEL.get(name, name)}:{obj.pk}"
