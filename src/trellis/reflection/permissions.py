"""Who may see reflections, revisits and collections. One rule per question, as querysets.

- A student sees their own reflections, revisits and collections, and a teacher's modelled
  reflection shown to their class.
- The class's teachers (and the school admin) see every student's pieces in the class.
- A collection is seen by the audience in force (``effective_audience``, kept by the actions
  from the student's choice, the teacher's approval and a guardian's consent): teammates,
  classmates, the student's guardians (an active link), the members of a linked class.
- A linked class may belong to another school only when the two schools share a network of
  schools (each joined by its own leader); the link counts only while they still do.
- Leaders, other classes and other schools see nothing; a guardian sees only their own child.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from trellis.collaboration import queries as collaboration_queries
from trellis.rosters.models import TeamMembership
from trellis.rosters.permissions import classes_managed_by, classes_visible_to

from .models import Audience, Collection, GuardianLink, Reflection, Revisit


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def children_of(user) -> QuerySet[GuardianLink]:
    """The guardian's links still in force."""
    if not _active(user) or not user.is_guardian:
        return GuardianLink.objects.none()
    return GuardianLink.objects.filter(guardian=user, ended_at__isnull=True)


def is_guardian_of(user, student_id) -> bool:
    return children_of(user).filter(student_id=student_id).exists()


def reflections_visible_to(user) -> QuerySet[Reflection]:
    if not _active(user) or user.is_guardian:
        return Reflection.objects.none()
    if user.is_student:
        return Reflection.objects.filter(
            Q(author=user) | Q(shown_to_class=True, moment="lesson"),
            classroom__in=classes_visible_to(user),
        )
    return Reflection.objects.filter(
        Q(author=user) | Q(author__role="student"), classroom__in=classes_managed_by(user)
    )


def own_reflections(user) -> QuerySet[Reflection]:
    if not _active(user):
        return Reflection.objects.none()
    return Reflection.objects.filter(author=user, classroom__in=classes_visible_to(user))


def revisits_visible_to(user) -> QuerySet[Revisit]:
    if not _active(user) or user.is_guardian:
        return Revisit.objects.none()
    if user.is_student:
        return Revisit.objects.filter(student=user, classroom__in=classes_visible_to(user))
    return Revisit.objects.filter(classroom__in=classes_managed_by(user))


def _teammate(user) -> Exists:
    mine = TeamMembership.objects.filter(student=user, classroom=OuterRef("classroom"))
    return Exists(
        TeamMembership.objects.filter(
            classroom=OuterRef("classroom"),
            student=OuterRef("student"),
            team__in=mine.values("team"),
        )
    )


def _linked(user, classes) -> Q:
    """Shared with a class the user is in (``classes``), linked by the student's teacher: a
    class of the same school, or of a school that shares a network with the user's school."""
    return Q(effective_audience__gte=Audience.LINKED, linked_class__in=classes) & (
        Q(classroom__school_id=F("linked_class__school_id"))
        | Q(
            classroom__school_id__in=collaboration_queries.schools_sharing_a_network(user.school_id)
        )
    )


def collections_visible_to(user) -> QuerySet[Collection]:
    if not _active(user):
        return Collection.objects.none()
    if user.is_guardian:
        return Collection.objects.filter(
            effective_audience__gte=Audience.FAMILY,
            student__in=children_of(user).values("student"),
        )
    if user.is_student:
        visible = classes_visible_to(user)
        return Collection.objects.filter(
            Q(student=user, classroom__in=visible)
            | Q(_teammate(user), effective_audience__gte=Audience.TEAM, classroom__in=visible)
            | Q(effective_audience__gte=Audience.CLASS, classroom__in=visible)
            | _linked(user, visible)
        )
    if user.is_teacher or user.is_school_admin:
        return Collection.objects.filter(
            Q(classroom__in=classes_managed_by(user)) | _linked(user, classes_visible_to(user))
        )
    return Collection.objects.none()


def collections_managed_by(user) -> QuerySet[Collection]:
    """Collections whose approvals and responses the user moderates (the class's teachers)."""
    return Collection.objects.filter(classroom__in=classes_managed_by(user))


def is_outside(user, collection: Collection) -> bool:
    """Whether this reader is outside the class (guardians, a linked class, a link visitor)."""
    if user is None or not _active(user):
        return True
    if user.pk == collection.student_id:
        return False
    return not classes_visible_to(user).filter(pk=collection.classroom_id).exists()
