"""The move machinery shared by board moves and help requests: build a move, check it against
the release rules, explain a refusal, detect a stale board, write the moves.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import Conflict, UserError
from trellis.curriculum.models import Task
from trellis.evidence.actions import record_many
from trellis.evidence.verbs import Verb
from trellis.grr import IllegalMove, Move, MoveKind, Phase, apply_move
from trellis.progression.queries.display import label

from .. import engine, fitting
from ..models import NOTE_MAX, PhaseMove, StudentPhase
from ._common import _ensure_phases, _ext, _primary_target_id, _text

# --------------------------------------------------------------------------- moves


def _build_move(kind: MoveKind, to_phase, note: str, override: bool) -> Move:
    if kind is MoveKind.ADVANCE:
        return Move.advance(Phase(to_phase) if to_phase is not None else None, override=override)
    if kind is MoveKind.HOLD:
        return Move.hold(note or None)
    if kind is MoveKind.STEP_BACK:
        if to_phase is None:
            raise UserError(gettext("Choose the phase to step back to."), field="to_phase")
        if not note:
            raise UserError(
                gettext("Say in the note why you are stepping back; students' move logs keep it."),
                field="note",
            )
        return Move.step_back(Phase(to_phase), reason=note)
    if kind is MoveKind.HELP_REQUEST:
        return Move.help_request()
    if kind is MoveKind.PAUSE_AND_BREAK_DOWN:
        return Move.pause_and_break_down(note or None)
    return Move.complete(override=override)


def _explain(error: IllegalMove, name: str, move: Move, current: Phase) -> UserError:
    """The engine's refusal in the teacher's words, naming the student and what to do."""
    here = label(current)
    if move.kind is MoveKind.ADVANCE and move.to is not None and move.to - current > 1:
        skipped = move.to - current - 1
        return UserError(
            gettext(
                "Releasing %(name)s from %(here)s to %(label)s skips %(skipped)s "
                "phase%(value)s. Tick “Skip phases on purpose” if you mean it."
            )
            % {
                "name": name,
                "here": here,
                "label": label(move.to),
                "skipped": skipped,
                "value": "s" if skipped > 1 else "",
            },
            field="override",
        )
    if move.kind is MoveKind.HELP_REQUEST:
        return UserError(
            gettext(
                "A help request sends a student back to guided practice only from "
                "independent practice; %(name)s is in %(here)s."
            )
            % {"name": name, "here": here},
            field="kind",
        )
    if move.kind is MoveKind.STEP_BACK:
        return UserError(
            gettext(
                "%(name)s is in %(here)s, so %(label)s is not a step back for them. "
                "Leave them out of this move, or choose an earlier phase."
            )
            % {"name": name, "here": here, "label": label(move.to)},
            field="to_phase",
        )
    if move.kind is MoveKind.ADVANCE and current is Phase.INDEPENDENT:
        return UserError(
            gettext(
                "%(name)s is already in independent practice, the last phase. Use "
                "“Mark complete” when they have finished the task."
            )
            % {"name": name},
            field="kind",
        )
    if move.kind is MoveKind.ADVANCE and move.to is not None and move.to <= current:
        return UserError(
            gettext(
                "%(name)s is in %(here)s; releasing moves forward. Use “Step back” to "
                "go to %(label)s."
            )
            % {"name": name, "here": here, "label": label(move.to)},
            field="to_phase",
        )
    if current is Phase.COMPLETE:
        return UserError(
            gettext("%(name)s has completed this task; only “Hold” applies.") % {"name": name},
            field="kind",
        )
    return UserError(gettext("%(name)s: %(error)s") % {"name": name, "error": error}, field="kind")


def _conflict(task: Task, stale: list[StudentPhase], names: Mapping[int, str]) -> Conflict:
    last = {
        m.student_id: m
        for m in PhaseMove.objects.filter(
            task=task, student_id__in=[sp.student_id for sp in stale]
        ).select_related("actor")
    }
    parts = []
    for sp in stale:
        move = last.get(sp.student_id)
        values = {"name": names[sp.student_id], "phase": label(Phase(sp.phase))}
        if move is None:
            parts.append(gettext("%(name)s is now in %(phase)s") % values)
        elif move.actor is None:
            parts.append(gettext("%(name)s is now in %(phase)s (moved by someone)") % values)
        else:
            parts.append(
                gettext("%(name)s is now in %(phase)s (moved by %(actor)s)")
                % {**values, "actor": move.actor.name}
            )
    return Conflict(
        gettext(
            "This changed while you were looking: %(moves)s. Nobody was moved. The board now "
            "shows the new state and your note is kept: check it and submit again."
        )
        % {"moves": "; ".join(parts)},
        field="students",
    )


def _move(
    actor: User,
    task: Task,
    students: list[User],
    kind: MoveKind,
    *,
    to_phase=None,
    note: str = "",
    seen_versions: Mapping | None = None,
    override: bool = False,
) -> list[StudentPhase]:
    """Apply one move to ``students`` of ``task`` (the caller has authorised and locked)."""
    note = _text(note, NOTE_MAX, field="note", what=gettext("The note"), required=False)
    move = _build_move(kind, to_phase, note, override)
    ids = [s.pk for s in students]
    names = {s.pk: s.name for s in students}
    _ensure_phases(task, ids)
    phases = {
        sp.student_id: sp
        for sp in StudentPhase.objects.select_for_update().filter(task=task, student_id__in=ids)
    }
    if seen_versions is not None:
        seen = {}
        for key, value in seen_versions.items():
            try:
                seen[int(key)] = int(value)
            except (TypeError, ValueError):
                continue
        missing = [names[i] for i in ids if i not in seen]
        if missing:
            # A move must say what the mover saw of every student: no blind writes.
            raise UserError(
                gettext(
                    "Say which version of each student's phase you saw (seen_versions, "
                    "from the board): missing for %(join)s. Reload the board and move "
                    "again."
                )
                % {"join": ", ".join(sorted(missing))},
                field="seen_versions",
            )
        stale = [phases[i] for i in ids if seen[i] != phases[i].version]
        if stale:
            raise _conflict(task, stale, names)
    target_ids = list(task.targets.values_list("pk", flat=True))
    # Only the moved students' evidence: what their recommendations are recorded from.
    evidence = engine.ClassEvidence.of(
        engine.load_rows(task.classroom, target_ids, student_ids=[s.pk for s in students])
    )
    params = fitting.params_for(task.classroom, target_ids)
    # The move log records what the board recommended: with the class's own thresholds.
    thresholds = engine.thresholds_for(task.classroom)
    now = timezone.now()
    primary = target_ids[0] if target_ids else None
    if target_ids:
        primary = _primary_target_id(task)
    # Check every move first (an illegal one moves nobody), then write them together: one
    # update of the phases, one insert of evidence, one of the move log, whatever the count.
    planned = []
    for student in sorted(students, key=lambda s: (s.last_name, s.first_name, s.pk)):
        sp = phases[student.pk]
        current = Phase(sp.phase)
        try:
            new = apply_move(current, move)
        except IllegalMove as error:
            raise _explain(error, student.name, move, current) from None
        items = evidence.for_task(student.pk, task.pk, target_ids)
        rec = engine.recommendation_for(current, items, now, params, thresholds, sp.updated_at)
        planned.append((student, sp, current, new, rec))
    if not planned:
        return []
    unchanged = Q()
    for _, sp, *_rest in planned:
        unchanged |= Q(pk=sp.pk, version=sp.version)
    updated = StudentPhase.objects.filter(unchanged).update(
        phase=Case(
            *(When(pk=sp.pk, then=Value(int(new))) for _, sp, _, new, _ in planned),
            output_field=IntegerField(),
        ),
        version=F("version") + 1,
        updated_at=now,
    )
    if updated != len(planned):
        fresh = {
            p.pk: p for p in StudentPhase.objects.filter(pk__in=[sp.pk for _, sp, *_ in planned])
        }
        stale = [fresh[sp.pk] for _, sp, *_ in planned if fresh[sp.pk].version != sp.version]
        raise _conflict(task, stale, names)
    events = record_many(
        [
            dict(
                actor=actor,
                verb=Verb.MOVED,
                object_type="task",
                object_id=task.pk,
                subject=student,
                classroom=task.classroom,
                target_id=primary,
                result={"response": f"{engine.phase_name(current)}→{engine.phase_name(new)}"},
                context=_ext(
                    task,
                    **{
                        "from": engine.phase_name(current),
                        "to": engine.phase_name(new),
                        "kind": kind.value,
                        "note": note,
                        "version": sp.version + 1,
                        "recommendation": {
                            "kind": rec.kind.value,
                            "to": engine.phase_name(rec.to),
                            "reason": rec.reason,
                        },
                    },
                ),
                occurred_at=now,
            )
            for student, sp, current, new, rec in planned
        ]
    )
    PhaseMove.objects.bulk_create(
        PhaseMove(
            task=task,
            student=student,
            actor=actor,
            created_at=now,
            kind=kind.value,
            from_phase=int(current),
            to_phase=int(new),
            note=note,
            recommendation=rec.kind.value,
            recommendation_reason=rec.reason,
            recommendation_mastery=rec.readiness.mastery,
            evidence=event,
        )
        for (student, sp, current, new, rec), event in zip(planned, events, strict=True)
    )
    result = []
    for _, sp, _, new, _ in planned:
        sp.phase, sp.version, sp.updated_at = int(new), sp.version + 1, now
        result.append(sp)
    return result
