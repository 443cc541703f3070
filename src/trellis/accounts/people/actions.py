"""An admin's changes to the people of their school. Each one is checked, written in one
transaction and recorded in the audit log.

Signing a person out needs no session table scan: Django checks every session against a hash
of the password, so making the password unusable ends all of that person's sessions, and a
deactivated person's sessions and API tokens stop working at their next request.
"""

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.actions import revoke_all_api_tokens
from trellis.accounts.models import Role, User
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError

from .permissions import can_manage_people, people_managed_by


def _person(admin: User, person_id) -> User:
    if not can_manage_people(admin):
        raise NotFound("person")
    try:
        return people_managed_by(admin).select_for_update().get(pk=int(person_id))
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound("person") from None


def _not_yourself(admin: User, person: User, what: str) -> None:
    if person.pk == admin.pk:
        raise UserError(
            gettext(
                "You cannot %(what)s your own account. Ask another admin of your school to do it."
            )
            % {"what": what},
            field="person",
        )


def _set_active(admin: User, person_id, active: bool) -> User:
    person = _person(admin, person_id)
    if not active:
        _not_yourself(admin, person, "deactivate")
    if person.is_active == active:
        return person
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit.record(
        admin,
        "people.reactivate" if active else "people.deactivate",
        school=admin.school_id,
        targets=[person],
        summary=f"{'Reactivated' if active else 'Deactivated'} a "
        f"{person.get_role_display().lower()} account",
    )
    return person


@transaction.atomic
def deactivate_person(admin: User, person_id) -> User:
    """Stop a person signing in (their sessions and tokens end); their work stays."""
    return _set_active(admin, person_id, False)


@transaction.atomic
def reactivate_person(admin: User, person_id) -> User:
    return _set_active(admin, person_id, True)


@transaction.atomic
def change_role(admin: User, person_id, role: str) -> User:
    person = _person(admin, person_id)
    if role not in Role.values:
        raise UserError(
            gettext("Choose one of the roles: %(roles)s.")
            % {"roles": ", ".join(str(label) for _, label in Role.choices)},
            field="role",
        )
    _not_yourself(admin, person, "change the role of")
    if person.role == role:
        return person
    old = person.get_role_display()
    person.role = role
    person.save(update_fields=["role"])
    audit.record(
        admin,
        "people.change_role",
        school=admin.school_id,
        targets=[person],
        summary=f"Role changed from {old} to {person.get_role_display()}",
    )
    return person


@transaction.atomic
def reset_signin(admin: User, person_id) -> User:
    """Make the person's password unusable, which ends every session they have, and revoke
    their API tokens. They sign in again through a password reset, an invitation or the
    school's single sign-on."""
    person = _person(admin, person_id)
    _not_yourself(admin, person, "reset the sign-in of")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    revoked = revoke_all_api_tokens(person)
    audit.record(
        admin,
        "people.reset_signin",
        school=admin.school_id,
        targets=[person],
        summary="Password cleared and sessions ended"
        + (f"; {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""),
    )
    return person
