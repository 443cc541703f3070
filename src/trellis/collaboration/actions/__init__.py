"""Every write of the collaboration app: authorise, lock, one transaction.

Split by sub-domain: teams (members, the rotating facilitator, copying what teammates
share), inquiry (inquiries, the practice library, the school focus), moderation (rounds,
scores, agreed scores), openpractice (observations, decisions, the trust pulse, roles) and
sharing (a team's common rubric, networks of schools).
"""

from .inquiry import create_practice, finish_inquiry, open_inquiry, set_focus
from .moderation import agree_piece, create_round, score_piece
from .openpractice import (
    TRUST_STATEMENTS,
    answer_trust_pulse,
    delegate_role,
    invite_observer,
    log_decision,
    open_trust_pulse,
    record_notes,
    reply_and_share,
    review_decision,
)
from .sharing import (
    adopt_practice,
    copy_team_rubric,
    create_network,
    join_network,
    leave_network,
    share_rubric,
)
from .teams import (
    add_member,
    copy_checkin,
    copy_task,
    create_team,
    join_team,
    remove_member,
    rotate_facilitator,
)

__all__ = [
    "TRUST_STATEMENTS",
    "add_member",
    "adopt_practice",
    "agree_piece",
    "answer_trust_pulse",
    "copy_checkin",
    "copy_task",
    "copy_team_rubric",
    "create_network",
    "create_practice",
    "create_round",
    "create_team",
    "delegate_role",
    "finish_inquiry",
    "invite_observer",
    "join_network",
    "join_team",
    "leave_network",
    "log_decision",
    "open_inquiry",
    "open_trust_pulse",
    "record_notes",
    "remove_member",
    "reply_and_share",
    "review_decision",
    "rotate_facilitator",
    "score_piece",
    "set_focus",
    "share_rubric",
]
