"""Moderation rounds: anonymised pieces, independent scores, the agreed score, exemplars."""

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError

from .. import permissions as perms
from ..models import NAME_MAX, ModerationPiece, ModerationRound, ModerationScore, TeacherTeam
from ._common import member_team, require_teacher, text

LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@transaction.atomic
def create_round(
    user: User,
    team: TeacherTeam,
    *,
    title: str,
    criteria: list[str],
    levels: int,
    pieces: list[str],
) -> ModerationRound:
    """A round of pieces to score against a shared rubric. The pieces must carry no names:
    whoever adds them removes names first (the form says so)."""
    require_teacher(user)
    member_team(user, team)
    title = text(title, field="title", what=gettext("The round's title"), limit=NAME_MAX)
    names = [c.strip() for c in criteria if c and c.strip()]
    if not names:
        raise UserError(
            gettext("Add at least one criterion of the shared rubric, one a line."),
            field="criteria",
        )
    try:
        levels = int(levels)
    except (TypeError, ValueError):
        levels = 0
    if not 2 <= levels <= 6:
        raise UserError(
            gettext("A rubric here has 2 to 6 levels. Choose how many."), field="levels"
        )
    bodies = [p.strip() for p in pieces if p and p.strip()]
    if not bodies:
        raise UserError(
            gettext("Add at least one piece of student work (names removed)."), field="pieces"
        )
    if len(bodies) > len(LABELS):
        raise UserError(
            gettext("A round holds at most %(count)s pieces.") % {"count": len(LABELS)},
            field="pieces",
        )
    rnd = ModerationRound.objects.create(
        team=team,
        title=title,
        criteria=[{"key": f"c{i}", "name": n[:200]} for i, n in enumerate(names, 1)],
        levels=levels,
        created_by=user,
    )
    ModerationPiece.objects.bulk_create(
        ModerationPiece(
            round=rnd, label=gettext("Piece %(letter)s") % {"letter": LABELS[i]}, text=b[:10000]
        )
        for i, b in enumerate(bodies)
    )
    return rnd


def _piece(user: User, piece_id) -> ModerationPiece:
    piece = (
        ModerationPiece.objects.select_for_update()
        .filter(round__in=perms.rounds_visible_to(user), pk=piece_id)
        .select_related("round")
        .first()
    )
    if piece is None:
        raise NotFound("piece")
    return piece


def _levels(rnd: ModerationRound, given: dict, *, field: str) -> dict[str, int]:
    out = {}
    for c in rnd.criteria:
        raw = given.get(c["key"])
        try:
            level = int(raw)
        except (TypeError, ValueError):
            raise UserError(
                gettext("Give a level for “%(c)s” (1 to %(levels)s).")
                % {"c": c["name"], "levels": rnd.levels},
                field=field,
            ) from None
        if not 1 <= level <= rnd.levels:
            raise UserError(
                gettext("“%(c)s” takes a level from 1 to %(levels)s.")
                % {"c": c["name"], "levels": rnd.levels},
                field=field,
            )
        out[c["key"]] = level
    return out


@transaction.atomic
def score_piece(user: User, piece_id, levels: dict) -> list[ModerationScore]:
    """One teacher's independent score (each criterion); scoring again replaces it."""
    require_teacher(user)
    piece = _piece(user, piece_id)
    chosen = _levels(piece.round, levels, field="levels")
    ModerationScore.objects.filter(piece=piece, scorer=user).delete()
    return ModerationScore.objects.bulk_create(
        ModerationScore(piece=piece, scorer=user, criterion=k, level=v) for k, v in chosen.items()
    )


@transaction.atomic
def agree_piece(
    user: User, piece_id, levels: dict, *, note: str, exemplar: bool
) -> ModerationPiece:
    """The team's agreed score with the reason; an agreed piece may become an exemplar."""
    require_teacher(user)
    piece = _piece(user, piece_id)
    piece.agreed = _levels(piece.round, levels, field="agreed")
    piece.agreed_note = text(note, field="note", what=gettext("The note on the agreed score"))
    piece.is_exemplar = bool(exemplar)
    piece.save(update_fields=["agreed", "agreed_note", "is_exemplar", "updated_at"])
    return piece
