"""Reads about a school's people for its admins, in a fixed number of queries."""

from trellis.accounts.models import User


def names_of(school_id: int | None, user_ids) -> dict[int, str]:
    """Names of these people of the school, by id (one query; people of other schools and
    people since erased are left out)."""
    ids = {int(i) for i in user_ids}
    if not ids or school_id is None:
        return {}
    rows = User.objects.filter(pk__in=ids, school_id=school_id).only(
        "id", "username", "first_name", "last_name", "display_name"
    )
    return {u.pk: u.name for u in rows}


def find_person(school_id: int | None, text: str) -> User | None:
    """The person of the school named by "user:12" or by their username (one query)."""
    text = (text or "").strip()
    if not text or school_id is None:
        return None
    people = User.objects.filter(school_id=school_id)
    if text.startswith("user:") and text[5:].isdigit():
        return people.filter(pk=int(text[5:])).first()
    return people.filter(username__iexact=text).first()
