"""Who may do what with the evidence log's exports.

- A school's administrator sets the school's learning record store and sends statements to
  it; nobody else sees the page (it answers 404, as for a missing page).
"""

from trellis.accounts.models import Role


def can_manage_lrs(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN
        and bool(user.school_id)
    )
