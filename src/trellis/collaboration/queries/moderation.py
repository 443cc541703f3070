"""Reads for moderation rounds: where scorers agree, and the pieces they disagree on most.

Scores stay independent: a member sees the others' scores only once they have scored every
piece themselves."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from trellis.accounts.models import User
from trellis.common.access import get_visible

from .. import permissions as perms
from ..models import ModerationPiece, ModerationRound, ModerationScore


def get_round_for(user: User, round_id) -> ModerationRound:
    return get_visible(perms.rounds_visible_to(user).select_related("team"), round_id, "round")


@dataclass
class PieceView:
    piece: ModerationPiece
    mine: dict[str, int]
    levels: dict[str, list[int]]  # criterion key -> every scorer's level (when revealed)
    spread: int = 0  # the widest gap between two scorers on one criterion
    named: list = field(default_factory=list)  # (criterion name, levels) in rubric order
    agreed: list = field(default_factory=list)  # (criterion name, agreed level)


@dataclass
class CriterionAgreement:
    key: str
    name: str
    pieces: int  # pieces with two or more scorers
    agreed: int  # of those, pieces where every scorer gave the same level

    @property
    def rate(self) -> int | None:
        return round(100 * self.agreed / self.pieces) if self.pieces else None


@dataclass
class RoundPage:
    round: ModerationRound
    pieces: list[PieceView]
    revealed: bool
    scorers: int
    agreement: list[CriterionAgreement] = field(default_factory=list)
    widest: list[PieceView] = field(default_factory=list)
    level_range: list[int] = field(default_factory=list)


def round_page(user: User, rnd: ModerationRound) -> RoundPage:
    """Two queries: the pieces and every score."""
    pieces = list(
        rnd.pieces.prefetch_related(
            Prefetch("scores", queryset=ModerationScore.objects.order_by("scorer_id", "id"))
        ).order_by("label", "id")
    )
    views = []
    scorers = set()
    scored_by_me = 0
    for p in pieces:
        levels: dict[str, list[int]] = defaultdict(list)
        mine = {}
        for s in p.scores.all():
            levels[s.criterion].append(s.level)
            scorers.add(s.scorer_id)
            if s.scorer_id == user.pk:
                mine[s.criterion] = s.level
        if mine:
            scored_by_me += 1
        spread = max((max(v) - min(v) for v in levels.values() if v), default=0)
        views.append(PieceView(p, mine, dict(levels), spread))
    names = {c["key"]: c["name"] for c in rnd.criteria}
    for v in views:
        v.named = [(names[k], v.levels.get(k, [])) for k in names]
        v.agreed = [(names[k], lv) for k, lv in v.piece.agreed.items() if k in names]
    revealed = bool(pieces) and scored_by_me == len(pieces)
    page = RoundPage(rnd, views, revealed, len(scorers), level_range=list(range(1, rnd.levels + 1)))
    if revealed:
        for c in rnd.criteria:
            both = [v.levels.get(c["key"], []) for v in views]
            multi = [lv for lv in both if len(lv) >= 2]
            page.agreement.append(
                CriterionAgreement(
                    c["key"], c["name"], len(multi), sum(1 for lv in multi if len(set(lv)) == 1)
                )
            )
        page.widest = sorted((v for v in views if v.spread), key=lambda v: -v.spread)[:3]
    else:
        for v in views:
            v.levels, v.spread, v.named = {}, 0, []
    return page


def exemplars_of(user: User) -> list[ModerationPiece]:
    """Agreed pieces the user's teams made exemplars: one query."""
    return list(
        ModerationPiece.objects.filter(round__in=perms.rounds_visible_to(user), is_exemplar=True)
        .select_related("round")
        .order_by("round__title", "label")
    )
