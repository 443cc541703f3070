"""Every write about signing in: sessions, cards, invitations, passwords and locks."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from trellis.accounts import actions as account_actions
from trellis.accounts.models import Role
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError
from trellis.rosters import queries as roster_queries

from . import throttle
from .models import SignInCard
from .permissions import can_manage_sign_in
from .tokens import invitation_tokens

# No 0/O, 1/I/L: young students copy these by hand when the QR code will not scan.
CARD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_CODE_LENGTH = 10
MODEL_BACKEND = "trellis.accounts.backends.SchoolModelBackend"


# --- sessions ---------------------------------------------------------------------------------


def apply_session_length(request: HttpRequest, user) -> None:
    """Students' sessions end after STUDENT_SESSION_HOURS (shared devices); others keep the
    default. Called by every way in: password, card, single sign-on."""
    if user.role == Role.STUDENT:
        request.session.set_expiry(int(settings.STUDENT_SESSION_HOURS * 3600))


def start_session(request: HttpRequest, user, backend: str = MODEL_BACKEND) -> None:
    login(request, user, backend=backend)
    apply_session_length(request, user)


def after_password_set(user) -> int:
    """A new password ends the person's other sessions (Django signs sessions with the password
    hash, so they no longer validate) and revokes their API tokens; returns tokens revoked."""
    throttle.unlock_account(user.username)
    return account_actions.revoke_all_api_tokens(user)


# --- class sign-in cards ----------------------------------------------------------------------


def _hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@dataclass
class PrintedCard:
    student: object
    code: str  # shown on paper only; never stored
    expires_at: object

    @property
    def display_code(self) -> str:
        return format_code(self.code)


def issue_cards(teacher, class_id, only_ids=None) -> tuple[object, list[PrintedCard]]:
    """New cards for the active students of a class the teacher teaches (or those named in
    `only_ids`); each student's earlier unused card stops working. Returns the class and the
    cards to print (the only place the codes ever appear)."""
    from . import queries

    classroom = queries.get_card_class_for(teacher, class_id)
    students = queries.students_of(classroom)
    if only_ids:
        wanted = {int(i) for i in only_ids if str(i).isdigit()}
        students = [s for s in students if s.pk in wanted]
        if not students:
            raise UserError(
                gettext("None of the chosen students is in this class any more; reload the page."),
                field="students",
            )
    if not students:
        raise UserError(
            gettext("This class has no active students yet: add or import them, then print cards."),
            field="students",
        )
    with transaction.atomic():
        return classroom, _replace_cards(teacher, classroom, students)


def _replace_cards(teacher, classroom, students) -> list[PrintedCard]:
    now = timezone.now()
    SignInCard.objects.filter(
        classroom=classroom,
        student__in=students,
        used_at__isnull=True,
        replaced_at__isnull=True,
    ).update(replaced_at=now, updated_at=now)
    expires_at = now + timedelta(days=settings.SIGNIN_CARD_DAYS)
    printed, rows = [], []
    for student in students:
        code = "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_CODE_LENGTH))
        printed.append(PrintedCard(student, code, expires_at))
        rows.append(
            SignInCard(
                student=student,
                classroom=classroom,
                issued_by=teacher,
                code_hash=_hash_code(code),
                expires_at=expires_at,
            )
        )
    SignInCard.objects.bulk_create(rows)
    return printed


def sign_in_with_card(request: HttpRequest, code: str):
    """Sign a student in with a card's code; the card then never works again."""
    address = throttle.client_address(request)
    if until := throttle.address_blocked_until(address):
        raise UserError(throttle.address_message(until), field="code")
    normal = normalise_code(code)
    if len(normal) != CARD_CODE_LENGTH:
        raise UserError(
            gettext(
                "A card code has %(CARD_CODE_LENGTH)s letters and digits (like "
                "ABCDE-23456); check the card and type it again."
            )
            % {"CARD_CODE_LENGTH": CARD_CODE_LENGTH},
            field="code",
        )
    card = (
        SignInCard.objects.select_related("student", "classroom")
        .filter(code_hash=_hash_code(normal))
        .first()
    )
    if card is None:
        throttle.record_failure(request, None)
        raise UserError(
            gettext(
                "This code is not on any card. Check each letter, or ask your teacher "
                "for a new card."
            ),
            field="code",
        )
    ask = "Ask your teacher for a new card."
    if card.used_at is not None:
        raise UserError(
            gettext("This card has already been used; a card works once. %(ask)s") % {"ask": ask},
            field="code",
        )
    if card.replaced_at is not None:
        raise UserError(
            gettext("This card was replaced by a newer one. %(ask)s") % {"ask": ask}, field="code"
        )
    if card.expires_at <= timezone.now():
        day = timezone.localtime(card.expires_at).strftime("%Y-%m-%d")
        raise UserError(
            gettext("This card expired on %(day)s. %(ask)s") % {"day": day, "ask": ask},
            field="code",
        )
    student = card.student
    if not student.is_active:
        raise UserError(
            gettext("This student's account is turned off. %(ask)s") % {"ask": ask}, field="code"
        )
    if not roster_queries.is_active_student(student, card.classroom):
        # A card belongs to a class: it stops working when the student leaves that class.
        raise UserError(
            gettext("This card is for %(name)s, which this student has left. %(ask)s")
            % {"name": card.classroom.name, "ask": ask},
            field="code",
        )
    if until := throttle.account_locked_until(student.username):
        raise UserError(throttle.lock_message(until), field="code")
    # One-time even when two devices scan the same card at once: only one update wins.
    won = SignInCard.objects.filter(pk=card.pk, used_at__isnull=True).update(
        used_at=timezone.now(), updated_at=timezone.now()
    )
    if not won:
        raise UserError(
            gettext("This card has already been used; a card works once. %(ask)s") % {"ask": ask},
            field="code",
        )
    start_session(request, student)
    return student


# --- invitations and passwords set by an admin ------------------------------------------------


def _require_admin_of(admin, person) -> None:
    if not can_manage_sign_in(admin, person):
        raise NotFound("person")


def invitation_link(request: HttpRequest, person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    path = reverse("signin:invitation", args=[uid, invitation_tokens.make_token(person)])
    return request.build_absolute_uri(path)


def invite(request: HttpRequest, admin, person) -> tuple[str, bool]:
    """Make a one-time link that lets the person set a password; email it when they have an
    address. Returns the link (for the admin to hand over otherwise) and whether it was sent."""
    _require_admin_of(admin, person)
    if not person.is_active:
        raise UserError(
            gettext("%(name)s's account is turned off; turn it on before inviting them.")
            % {"name": person.name}
        )
    link = invitation_link(request, person)
    how = "emailed" if person.email else "shown to the admin (no email address)"
    audit.record(
        admin, "signin.invite", school=admin.school_id, targets=[person], summary=f"Link {how}."
    )
    if not person.email:
        return link, False
    context = {
        "person": person,
        "admin": admin,
        "school": admin.school,
        "link": link,
        "days": settings.SIGNIN_INVITATION_DAYS,
    }
    send_mail(
        subject=f"You are invited to Trellis at {admin.school.name}",
        message=render_to_string("signin/email/invitation.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
    return link, True


def set_password_for(admin, person, password: str) -> int:
    """An admin gives a person a new password; their sessions and tokens end. Returns the
    number of tokens revoked."""
    _require_admin_of(admin, person)
    try:
        password_validation.validate_password(password, person)
    except ValidationError as e:
        raise UserError(" ".join(e.messages), field="new_password1") from None
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        revoked = after_password_set(person)
        audit.record(
            admin,
            "signin.set_password",
            school=admin.school_id,
            targets=[person],
            summary=f"Sessions ended; {revoked} API token(s) revoked.",
        )
        return revoked


def unlock(admin, person) -> None:
    _require_admin_of(admin, person)
    throttle.unlock_account(person.username)
    audit.record(admin, "signin.unlock", school=admin.school_id, targets=[person])
