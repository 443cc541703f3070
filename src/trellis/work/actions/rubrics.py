"""Writes about rubrics: building one, designing it with the class, and its versions.

Every change to a published rubric goes through `_sync_version`: if the latest version has
already been used for feedback or a score, the change becomes a new version and the old one
stays exactly as it was; if not, the unused version is replaced by the new content.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from trellis.common.errors import Conflict, NotFound, UserError
from trellis.curriculum.models import LearningTarget
from trellis.rosters.permissions import classes_managed_by

from ..models import (
    Descriptor,
    Exemplar,
    Proposal,
    ProposalComment,
    ProposalKind,
    ProposalStatus,
    ProposalVote,
    Review,
    Rubric,
    RubricCriterion,
    RubricLevel,
    RubricVersion,
    content_hash,
)
from ..permissions import is_student_of, may_comment_on_proposal, rubrics_managed_by
from ..rubric_content import snapshot
from .rubric_texts import _text

DEFAULT_LEVELS = [
    (gettext_lazy("Beginning"), 1),
    (gettext_lazy("Developing"), 2),
    (gettext_lazy("Proficient"), 3),
    (gettext_lazy("Extending"), 4),
]
TITLE_MAX = 200
LEVEL_MAX = 80
TEXT_MAX = 2000


@dataclass
class VersionNote:
    version: RubricVersion | None
    outcome: str  # "draft" | "unchanged" | "replaced" | "new"

    @property
    def message(self) -> str:
        if self.outcome == "draft":
            return gettext("Saved. The rubric is a draft: publish it to make version 1.")
        if self.outcome == "unchanged":
            return gettext("Nothing changed.")
        if self.outcome == "replaced":
            return gettext(
                "Saved as version %(number)s. It had not been used yet, so it was updated in place."
            ) % {"number": self.version.number}
        return gettext(
            "This rubric has been used, so your edit created version %(number)s. Feedback "
            "given before stays tied to version %(previous)s."
        ) % {"number": self.version.number, "previous": self.version.number - 1}


def _locked(user, rubric: Rubric) -> Rubric:
    try:
        return rubrics_managed_by(user).select_for_update().get(pk=rubric.pk)
    except Rubric.DoesNotExist:
        raise NotFound("rubric") from None


def latest_version(rubric: Rubric) -> RubricVersion | None:
    return rubric.versions.order_by("-number").first()


def is_used(version: RubricVersion | None) -> bool:
    return version is not None and Review.objects.filter(rubric_version=version).exists()


def _sync_version(user, rubric: Rubric, content: dict | None = None) -> VersionNote:
    latest = latest_version(rubric)
    if latest is None:
        return VersionNote(None, "draft")
    content = content or snapshot(rubric)
    digest = content_hash(content)
    if latest.content_hash == digest:
        return VersionNote(latest, "unchanged")
    if is_used(latest):
        number, outcome = latest.number + 1, "new"
    else:
        # Nothing points at it (Review.rubric_version is PROTECT, so the database agrees).
        number, outcome = latest.number, "replaced"
        latest.delete()
    version = RubricVersion.objects.create(
        rubric=rubric, number=number, content=content, content_hash=digest, created_by=user
    )
    return VersionNote(version, outcome)


def _refuse_blank(content: dict) -> None:
    """No criterion reaches students with every level blank: they judge their work against
    these words (publishing, and every later version)."""
    blank = [
        c["title"]
        for c in content["criteria"]
        if not any(d["text"].strip() for d in c["descriptors"])
    ]
    if blank:
        names = ", ".join(f"“{t}”" for t in blank)
        raise UserError(
            gettext(
                "Describe at least one level of %(names)s before publishing: students "
                "judge their work against these words."
            )
            % {"names": names},
            field="criteria",
        )


def _target(rubric: Rubric, target_id, field: str, required=True) -> LearningTarget | None:
    if target_id in (None, ""):
        if required:
            raise UserError(
                gettext("Tie each criterion to one of the class's learning targets: choose one."),
                field=field,
            )
        return None
    target = LearningTarget.objects.filter(
        pk=_int(target_id, field), classroom_id=rubric.classroom_id
    ).first()
    if target is None:
        raise UserError(gettext("Choose one of this class's learning targets."), field=field)
    return target


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UserError(
            gettext("That choice is not valid; pick one from the list."), field=field
        ) from None


def _points(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        points = int(value)
    except (TypeError, ValueError):
        raise UserError(
            gettext("Points are a whole number, or leave them empty."), field=field
        ) from None
    if not 0 <= points <= 1000:
        raise UserError(gettext("Points go from 0 to 1000."), field=field)
    return points


@transaction.atomic
def create_rubric(user, classroom, *, title, description="", levels=None) -> Rubric:
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    title = _text(title, "title", "rubric's title", TITLE_MAX)
    rubric = Rubric.objects.create(
        classroom=classroom,
        title=title,
        description=(description or "").strip()[:TEXT_MAX],
        created_by=user,
    )
    for i, (name, points) in enumerate(levels or DEFAULT_LEVELS):
        RubricLevel.objects.create(rubric=rubric, title=name, points=points, position=i)
    return rubric


@transaction.atomic
def add_criterion(
    user, rubric, *, title, target_id, description=""
) -> tuple[RubricCriterion, VersionNote]:
    rubric = _locked(user, rubric)
    criterion = RubricCriterion.objects.create(
        rubric=rubric,
        title=_text(title, "title", "criterion", TITLE_MAX),
        target=_target(rubric, target_id, "target"),
        description=_text(description, "description", "description", TEXT_MAX, required=False),
        position=rubric.criteria.count(),
    )
    return criterion, _sync_version(user, rubric)


@transaction.atomic
def set_descriptor(user, rubric, *, criterion_id, level_id, text) -> VersionNote:
    rubric = _locked(user, rubric)
    criterion = rubric.criteria.filter(pk=_int(criterion_id, "criterion")).first()
    level = rubric.levels.filter(pk=_int(level_id, "level")).first()
    if criterion is None or level is None:
        raise UserError(
            gettext("Choose a criterion and a level of this rubric."), field="criterion"
        )
    text = _text(text, "text", "descriptor", TEXT_MAX)
    Descriptor.objects.update_or_create(
        criterion=criterion, level=level, defaults={"text": text, "proposed_by": None}
    )
    return _sync_version(user, rubric)


@transaction.atomic
def save_rubric(user, rubric, *, base_hash: str, data: dict) -> VersionNote:
    """Apply the whole edit form at once: one edit, at most one new version.

    `data`: {"title", "description", "levels": [{id, title, points, retire}],
    "criteria": [{id, title, description, target_id, retire, descriptors: {level_id: text}}],
    "new_level": {title, points, descriptors: {criterion_id: text}},
    "new_criterion": {title, target_id, description, descriptors: {level_id | "new": text}}}:
    the grid's blank last column and last row ("new" is the cell where both meet).
    `base_hash` is the content hash the editor started from; if the rubric changed since,
    nothing is saved and the person is told to reload.
    """
    rubric = _locked(user, rubric)
    if base_hash and content_hash(snapshot(rubric)) != base_hash:
        raise Conflict(
            gettext(
                "Someone changed this rubric while you were editing. Your text is below; open "
                "the rubric again to see their change, then make yours."
            ),
            field="rubric",
        )
    rubric.title = _text(data.get("title"), "title", "rubric's title", TITLE_MAX)
    rubric.description = _text(
        data.get("description"), "description", "description", TEXT_MAX, required=False
    )
    rubric.save(update_fields=["title", "description", "updated_at"])

    levels = {lv.pk: lv for lv in rubric.levels.filter(is_active=True)}
    for row in data.get("levels", []):
        level = levels.get(_int(row.get("id"), "levels"))
        if level is None:
            raise UserError(gettext("A level in the form no longer exists; reload the page."))
        if row.get("retire"):
            level.is_active = False
            level.save(update_fields=["is_active", "updated_at"])
            continue
        level.title = _text(row.get("title"), f"level-{level.pk}-title", "level name", LEVEL_MAX)
        level.points = _points(row.get("points"), f"level-{level.pk}-points")
        level.save(update_fields=["title", "points", "updated_at"])
    new_level = data.get("new_level") or {}
    added_level = None
    if (new_level.get("title") or "").strip():
        added_level = RubricLevel.objects.create(
            rubric=rubric,
            title=_text(new_level["title"], "new-level-title", "level name", LEVEL_MAX),
            points=_points(new_level.get("points"), "new-level-points"),
            position=max((lv.position for lv in levels.values()), default=-1) + 1,
        )
    elif _any_text(new_level.get("descriptors")):
        raise UserError(
            gettext(
                "You described a new level but did not name it. Name it (the column's "
                "heading) or empty its cells."
            ),
            field="new-level-title",
        )
    new_level_texts = {str(k): v for k, v in (new_level.get("descriptors") or {}).items()}
    if rubric.levels.filter(is_active=True).count() < 2:
        raise UserError(gettext("A rubric needs at least two levels."), field="levels")

    criteria = {c.pk: c for c in rubric.criteria.filter(is_active=True)}
    active_levels = {lv.pk for lv in rubric.levels.filter(is_active=True)}
    for row in data.get("criteria", []):
        crit = criteria.get(_int(row.get("id"), "criteria"))
        if crit is None:
            raise UserError(gettext("A criterion in the form no longer exists; reload the page."))
        if row.get("retire"):
            crit.is_active = False
            crit.save(update_fields=["is_active", "updated_at"])
            continue
        prefix = f"crit-{crit.pk}"
        crit.title = _text(row.get("title"), f"{prefix}-title", "criterion", TITLE_MAX)
        crit.description = _text(
            row.get("description"), f"{prefix}-description", "description", TEXT_MAX, False
        )
        crit.target = _target(rubric, row.get("target_id"), f"{prefix}-target")
        crit.save(update_fields=["title", "description", "target", "updated_at"])
        for level_id, text in (row.get("descriptors") or {}).items():
            level_id = _int(level_id, f"{prefix}-descriptors")
            if level_id not in active_levels:
                continue
            text = _text(text, f"desc-{crit.pk}-{level_id}", "descriptor", TEXT_MAX, False)
            existing = Descriptor.objects.filter(criterion=crit, level_id=level_id).first()
            if not text:
                if existing:
                    existing.delete()
            elif existing is None:
                Descriptor.objects.create(criterion=crit, level_id=level_id, text=text)
            elif existing.text != text:
                existing.text = text
                existing.save(update_fields=["text", "updated_at"])
        if added_level is not None:
            _describe(crit, added_level, new_level_texts.get(str(crit.pk)), f"{prefix}-new")
    new_crit = data.get("new_criterion") or {}
    if (new_crit.get("title") or "").strip():
        added = RubricCriterion.objects.create(
            rubric=rubric,
            title=_text(new_crit["title"], "new-crit-title", "criterion", TITLE_MAX),
            target=_target(rubric, new_crit.get("target_id"), "new-crit-target"),
            description=_text(
                new_crit.get("description"), "new-crit-description", "description", TEXT_MAX, False
            ),
            position=max((c.position for c in criteria.values()), default=-1) + 1,
        )
        texts = {str(k): v for k, v in (new_crit.get("descriptors") or {}).items()}
        for level_id in active_levels - {getattr(added_level, "pk", None)}:
            _describe(added, level_id, texts.get(str(level_id)), f"new-crit-desc-{level_id}")
        if added_level is not None:
            _describe(added, added_level, texts.get("new"), "new-crit-desc-new")
    elif _any_text(new_crit.get("descriptors")):
        raise UserError(
            gettext(
                "You described a new criterion but did not name it. Name it (the row's "
                "heading) or empty its cells."
            ),
            field="new-crit-title",
        )
    if latest_version(rubric):
        if not rubric.criteria.filter(is_active=True).exists():
            raise UserError(
                gettext("A published rubric needs at least one criterion."), field="criteria"
            )
        content = snapshot(rubric)
        _refuse_blank(content)
        return _sync_version(user, rubric, content)
    return _sync_version(user, rubric)


def _any_text(texts) -> bool:
    return any((t or "").strip() for t in (texts or {}).values())


def _describe(criterion, level, text, field: str) -> None:
    """A new cell of the grid (a new criterion or a new level): written only if not blank."""
    text = _text(text, field, "descriptor", TEXT_MAX, False)
    if text:
        level_id = getattr(level, "pk", level)
        Descriptor.objects.create(criterion=criterion, level_id=level_id, text=text)


@transaction.atomic
def publish_rubric(user, rubric) -> RubricVersion:
    rubric = _locked(user, rubric)
    if latest_version(rubric) is not None:
        raise UserError(gettext("This rubric is already published; edits make new versions."))
    content = snapshot(rubric)
    if not content["criteria"]:
        raise UserError(gettext("Add at least one criterion before publishing."), field="criteria")
    if len(content["levels"]) < 2:
        raise UserError(
            gettext("A rubric needs at least two levels before publishing."), field="levels"
        )
    missing = [c["title"] for c in content["criteria"] if not c["target_id"]]
    if missing:
        raise UserError(
            gettext("Tie “%(missing)s” to a learning target before publishing.")
            % {"missing": missing[0]},
            field="criteria",
        )
    _refuse_blank(content)
    return RubricVersion.objects.create(
        rubric=rubric,
        number=1,
        content=content,
        content_hash=content_hash(content),
        created_by=user,
    )


@transaction.atomic
def set_codesign(user, rubric, *, is_open: bool, prompt: str = "") -> Rubric:
    rubric = _locked(user, rubric)
    rubric.codesign_open = bool(is_open)
    if prompt is not None:
        rubric.codesign_prompt = (prompt or "").strip()[:300]
    rubric.save(update_fields=["codesign_open", "codesign_prompt", "updated_at"])
    return rubric


@transaction.atomic
def add_exemplar(user, rubric, *, level_id, title, body, criterion_id=None) -> VersionNote:
    rubric = _locked(user, rubric)
    level = rubric.levels.filter(pk=_int(level_id, "level"), is_active=True).first()
    if level is None:
        raise UserError(gettext("Choose the level this exemplar shows."), field="level")
    criterion = None
    if criterion_id not in (None, ""):
        criterion = rubric.criteria.filter(pk=_int(criterion_id, "criterion")).first()
        if criterion is None:
            raise UserError(
                gettext("Choose one of this rubric's criteria, or none."), field="criterion"
            )
    Exemplar.objects.create(
        rubric=rubric,
        level=level,
        criterion=criterion,
        title=_text(title, "title", "exemplar's title", TITLE_MAX),
        body=_text(body, "body", "exemplar", 20_000),
        added_by=user,
    )
    return _sync_version(user, rubric)


# ---------------------------------------------------------------- co-design


def _open_rubric_for_student(user, rubric) -> Rubric:
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if not is_student_of(user, rubric.classroom_id):
        raise NotFound("rubric")
    if not rubric.codesign_open:
        raise UserError(
            gettext(
                "Your teacher has closed this rubric to proposals. Talk to them if you "
                "have an idea."
            )
        )
    return rubric


@transaction.atomic
def propose(
    user, rubric, *, kind, text, criterion_id=None, level_id=None, target_id=None
) -> Proposal:
    rubric = _open_rubric_for_student(user, rubric)
    if kind not in ProposalKind.values:
        raise UserError(
            gettext("Choose what you are proposing: a criterion or a level's wording."),
            field="kind",
        )
    criterion = level = target = None
    if kind == ProposalKind.CRITERION:
        text = _text(text, "text", "criterion you propose", TITLE_MAX)
        target = _target(rubric, target_id, "target", required=False)
    else:
        text = _text(text, "text", "wording you propose", TEXT_MAX)
        if not criterion_id or not level_id:
            raise UserError(
                gettext("Choose the criterion and the level your wording is for."),
                field="criterion",
            )
        criterion = rubric.criteria.filter(
            pk=_int(criterion_id, "criterion"), is_active=True
        ).first()
        level = rubric.levels.filter(pk=_int(level_id, "level"), is_active=True).first()
        if criterion is None or level is None:
            raise UserError(
                gettext("Choose the criterion and the level your wording is for."),
                field="criterion",
            )
    return Proposal.objects.create(
        rubric=rubric,
        author=user,
        kind=kind,
        text=text,
        criterion=criterion,
        level=level,
        target=target,
    )


def _proposal_for_student(user, proposal) -> Proposal:
    proposal = Proposal.objects.select_related("rubric").get(pk=proposal.pk)
    _open_rubric_for_student(user, proposal.rubric)
    if proposal.status != ProposalStatus.OPEN:
        raise UserError(
            gettext("This proposal was already %(lower)s; it is no longer open for votes.")
            % {"lower": proposal.get_status_display().lower()}
        )
    return proposal


@transaction.atomic
def vote(user, proposal) -> ProposalVote:
    proposal = _proposal_for_student(user, proposal)
    try:
        with transaction.atomic():
            return ProposalVote.objects.create(proposal=proposal, voter=user)
    except IntegrityError:
        raise Conflict(
            gettext("You already voted for this proposal. Your one vote still counts."),
            field="vote",
        ) from None


@transaction.atomic
def comment_on_proposal(user, proposal, *, body) -> ProposalComment:
    proposal = Proposal.objects.select_related("rubric").get(pk=proposal.pk)
    manages = classes_managed_by(user).filter(pk=proposal.rubric.classroom_id).exists()
    if not manages:
        _open_rubric_for_student(user, proposal.rubric)
    if not may_comment_on_proposal(
        proposal, proposal.rubric, manages=manages, is_student=not manages
    ):
        raise UserError(
            gettext(
                "This proposal was already %(lower)s; it takes no more comments. Make "
                "a new proposal if you still have an idea."
            )
            % {"lower": proposal.get_status_display().lower()},
            field="body",
        )
    return ProposalComment.objects.create(
        proposal=proposal, author=user, body=_text(body, "body", "comment", TEXT_MAX)
    )


@transaction.atomic
def decide_proposal(
    user, proposal, *, decision, reason="", merged_text="", into_criterion_id=None, target_id=None
) -> tuple[Proposal, VersionNote]:
    """Accept, merge or decline a proposal. The reason is shown to the class."""
    proposal = Proposal.objects.select_related("rubric").get(pk=proposal.pk)
    rubric = _locked(user, proposal.rubric)
    if proposal.status != ProposalStatus.OPEN:
        raise UserError(
            gettext("This proposal was already %(lower)s.")
            % {"lower": proposal.get_status_display().lower()},
            field="decision",
        )
    reason = (reason or "").strip()[:TEXT_MAX]
    if decision == "decline":
        if not reason:
            raise UserError(
                gettext("Say why you are declining, so the class can see your reasoning."),
                field="reason",
            )
        proposal.status = ProposalStatus.DECLINED
    elif decision == "accept":
        proposal.status = ProposalStatus.ACCEPTED
        if proposal.kind == ProposalKind.CRITERION:
            target = proposal.target or _target(rubric, target_id, "target")
            proposal.result_criterion = RubricCriterion.objects.create(
                rubric=rubric,
                title=proposal.text[:TITLE_MAX],
                target=target,
                position=rubric.criteria.count(),
                proposed_by=proposal.author,
            )
        else:
            Descriptor.objects.update_or_create(
                criterion=proposal.criterion,
                level=proposal.level,
                defaults={"text": proposal.text, "proposed_by": proposal.author},
            )
            proposal.result_criterion = proposal.criterion
    elif decision == "merge":
        merged_text = _text(merged_text, "merged_text", "merged wording", TEXT_MAX)
        proposal.status = ProposalStatus.MERGED
        if proposal.kind == ProposalKind.CRITERION:
            into = rubric.criteria.filter(
                pk=_int(into_criterion_id, "into_criterion"), is_active=True
            ).first()
            if into is None:
                raise UserError(
                    gettext("Choose the criterion to merge it into."), field="into_criterion"
                )
            into.title = merged_text[:TITLE_MAX]
            into.save(update_fields=["title", "updated_at"])
            proposal.result_criterion = into
        else:
            Descriptor.objects.update_or_create(
                criterion=proposal.criterion,
                level=proposal.level,
                defaults={"text": merged_text, "proposed_by": proposal.author},
            )
            proposal.result_criterion = proposal.criterion
    else:
        raise UserError(gettext("Choose accept, merge or decline."), field="decision")
    proposal.decision_reason = reason
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal, _sync_version(user, rubric)
