"""/api/v1: the class charter, team boards, the summary, endorsements, pulses, indicators."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from trellis.common.errors import NotFound
from trellis.common.small_numbers import ANONYMOUS_MINIMUM

from . import actions, queries
from .permissions import can_manage_charter, indicator_classes_for

router = Router(tags=["charter"])


class CharterItemOut(Schema):
    key: str
    section: str
    section_label: str
    text: str
    url: str


class CharterOut(Schema):
    version: int | None
    published_at: datetime | None
    items: list[CharterItemOut]


class PromptOut(Schema):
    id: int
    text: str
    position: int


class KickoffOut(Schema):
    id: int
    prompts: list[PromptOut]


class EntryIn(Schema):
    prompt_id: int
    text: str


class EntryOut(Schema):
    id: int
    prompt_id: int
    text: str
    author: str | None


class CharterBoardOut(Schema):
    team_id: int
    team: str
    nudge: str | None
    entries: list[EntryOut]


class ContributionIn(Schema):
    section: str
    text: str


class ContributionOut(Schema):
    id: int
    section: str
    text: str
    idea_id: int
    idea: str


class IdeaOut(Schema):
    id: int
    section: str
    text: str
    teams: list[str]


class EndorseIn(Schema):
    would_change: str = ""


class EndorsementOut(Schema):
    version: int
    would_change: str


class PulseOut(Schema):
    id: int
    opens_on: date
    closes_on: date
    status: str
    anonymous: bool
    shared: bool


class PulseAnswerIn(Schema):
    ratings: dict[int, int]
    doing_well: str = ""
    do_better: str = ""


class PulseAnswerOut(Schema):
    pulse_id: int
    rated: int


class CommitmentResultOut(Schema):
    key: str
    text: str
    average: float | None
    count: int
    distribution: list[int]


class PulseResultsOut(Schema):
    pulse_id: int
    responses: int
    students: int
    commitments: list[CommitmentResultOut]
    doing_well: list[list[str]]
    do_better: list[list[str]]
    # Set (and the lists above empty) while an anonymous pulse has fewer than 5 answers.
    withheld: str | None = None


class ReadingOut(Schema):
    label: str
    value: str | None
    number: float | None
    empty: str | None


class SignOut(Schema):
    key: str
    title: str
    available: bool
    missing: str | None
    readings: list[ReadingOut]


def _ref(r) -> CharterItemOut:
    return CharterItemOut(**r.__dict__)


@router.get("/classes/{class_id}/charter", response=CharterOut)
def get_charter(request, class_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    view = queries.published_version(classroom)
    refs = queries.commitments_for_class(classroom, include_all=True)
    return CharterOut(
        version=view.version.number if view else None,
        published_at=view.version.published_at if view else None,
        items=[_ref(r) for r in refs],
    )


@router.get("/classes/{class_id}/charter/commitments", response=list[CharterItemOut])
def list_commitments(request, class_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    return [_ref(r) for r in queries.commitments_for_class(classroom)]


@router.post("/classes/{class_id}/charter/kickoff", response={201: KickoffOut})
def start_kickoff(request, class_id: int):
    classroom = queries.get_managed_class_for(request.auth, class_id)
    kickoff = actions.start_kickoff(request.auth, classroom)
    return Status(
        201,
        KickoffOut(
            id=kickoff.pk,
            prompts=[
                PromptOut(id=p.pk, text=p.text, position=p.position) for p in kickoff.prompts.all()
            ],
        ),
    )


def _board_out(board) -> CharterBoardOut:
    return CharterBoardOut(
        team_id=board.team.pk,
        team=board.team.name,
        nudge=board.nudge.message if board.nudge else None,
        entries=[
            EntryOut(
                id=e.pk,
                prompt_id=e.prompt_id,
                text=e.text,
                author=e.author.name if e.author else None,
            )
            for col in board.columns
            for e in col.entries
        ],
    )


@router.get(
    "/classes/{class_id}/charter/boards/{team_id}",
    response=CharterBoardOut,
    url_name="get_team_board",
)
def get_board(request, class_id: int, team_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    return _board_out(queries.get_board_for(request.auth, classroom, team_id))


@router.post("/classes/{class_id}/charter/boards/{team_id}/entries", response={201: EntryOut})
def add_entry(request, class_id: int, team_id: int, payload: EntryIn):
    classroom = queries.get_class_for(request.auth, class_id)
    queries.get_board_for(request.auth, classroom, team_id)
    e = actions.add_board_entry(request.auth, team_id, payload.prompt_id, payload.text)
    return Status(
        201, EntryOut(id=e.pk, prompt_id=e.prompt_id, text=e.text, author=request.auth.name)
    )


@router.post(
    "/classes/{class_id}/charter/boards/{team_id}/contributions", response={201: ContributionOut}
)
def contribute(request, class_id: int, team_id: int, payload: ContributionIn):
    classroom = queries.get_class_for(request.auth, class_id)
    queries.get_board_for(request.auth, classroom, team_id)
    c = actions.send_contribution(request.auth, team_id, payload.section, payload.text)
    return Status(
        201,
        ContributionOut(
            id=c.pk, section=c.section, text=c.text, idea_id=c.item_id, idea=c.item.text
        ),
    )


@router.get("/classes/{class_id}/charter/summary", response=list[IdeaOut])
def get_summary(request, class_id: int):
    classroom = queries.get_managed_class_for(request.auth, class_id)
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        raise NotFound("kickoff")
    return [
        IdeaOut(
            id=i.pk,
            section=i.section,
            text=i.text,
            teams=[c.team.name for c in i.contributions.all()],
        )
        for s in queries.summary(kickoff)
        for i in s.items
    ]


@router.post("/classes/{class_id}/charter/endorsements", response=EndorsementOut)
def endorse(request, class_id: int, payload: EndorseIn):
    classroom = queries.get_class_for(request.auth, class_id)
    e = actions.endorse_charter(request.auth, classroom, payload.would_change)
    return EndorsementOut(version=e.version.number, would_change=e.would_change)


@router.get("/classes/{class_id}/pulses", response=list[PulseOut])
def list_pulses(request, class_id: int):
    user = request.auth
    classroom = queries.get_class_for(user, class_id)
    rows = queries.pulses_page(user, classroom, manage=can_manage_charter(user, classroom))
    return [
        PulseOut(
            id=r.pulse.pk,
            opens_on=r.pulse.opens_on,
            closes_on=r.pulse.closes_on,
            status=r.status,
            anonymous=r.pulse.anonymous,
            shared=r.pulse.shared_at is not None,
        )
        for r in rows
    ]


@router.post("/classes/{class_id}/pulses/{pulse_id}/answers", response=PulseAnswerOut)
def answer_pulse(request, class_id: int, pulse_id: int, payload: PulseAnswerIn):
    classroom = queries.get_class_for(request.auth, class_id)
    pulse = queries.get_pulse_for(request.auth, classroom, pulse_id)
    r = actions.answer_pulse(
        request.auth, pulse.pk, payload.ratings, payload.doing_well, payload.do_better
    )
    return PulseAnswerOut(pulse_id=pulse.pk, rated=r.ratings.count())


@router.get("/classes/{class_id}/pulses/{pulse_id}/results", response=PulseResultsOut)
def pulse_results(request, class_id: int, pulse_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    pulse = queries.get_pulse_results_for(request.auth, classroom, pulse_id)
    # The API never returns names: scripts get the class's numbers and comments only.
    res = queries.pulse_results(pulse, with_names=False)
    return PulseResultsOut(
        pulse_id=pulse.pk,
        responses=res.responses,
        students=res.students,
        commitments=[
            CommitmentResultOut(
                key=c.item.key,
                text=c.item.text,
                average=round(c.average, 2) if c.average is not None else None,
                count=c.count,
                distribution=c.distribution,
            )
            for c in res.commitments
        ],
        doing_well=[[c.text for c in g.comments] for g in res.doing_well],
        do_better=[[c.text for c in g.comments] for g in res.do_better],
        withheld=(
            f"Results of an anonymous pulse appear once at least {ANONYMOUS_MINIMUM} students "
            "have answered."
            if res.withheld
            else None
        ),
    )


@router.get("/classes/{class_id}/charter/indicators", response=list[SignOut])
def indicators(request, class_id: int):
    from trellis.common.access import get_visible

    classroom = get_visible(indicator_classes_for(request.auth), class_id, "class")
    panel = queries.culture_panel_for(request.auth, classroom)
    return [
        SignOut(
            key=p.sign.key,
            title=p.sign.title,
            available=p.has_source,
            missing=None if p.has_source else p.sign.missing,
            readings=[
                ReadingOut(
                    label=r.label,
                    value=r.reading.value if r.reading else None,
                    number=r.reading.number if r.reading else None,
                    empty=None if r.reading else r.empty,
                )
                for r in p.rows
            ],
        )
        for p in panel
    ]
