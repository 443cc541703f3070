"""Pages of the collaboration app, by sub-domain: teams, inquiry, moderation, openpractice
(observations, decisions, the trust pulse), sharing (a common task's phases, common
rubrics, networks of schools) and leaders."""

from .inquiry import inquiry, inquiry_finish, inquiry_new, practice, practices
from .leaders import focus, matrix, monitoring, roles, summary
from .moderation import agree, round_detail, round_new, score
from .openpractice import (
    decision_review,
    observation,
    observation_reply,
    observations,
    trust,
    trust_answer,
)
from .sharing import (
    copy_rubric,
    network,
    network_adopt,
    network_join,
    network_leave,
    networks,
    pooled_rubric,
    pooled_task,
    share_rubric,
)
from .teams import (
    add_member,
    copy_checkin,
    copy_task,
    decision_new,
    index,
    join,
    pooled,
    remove_member,
    rotate,
    team,
)

__all__ = [
    "add_member",
    "agree",
    "copy_checkin",
    "copy_rubric",
    "copy_task",
    "decision_new",
    "decision_review",
    "focus",
    "index",
    "inquiry",
    "inquiry_finish",
    "inquiry_new",
    "join",
    "matrix",
    "monitoring",
    "network",
    "network_adopt",
    "network_join",
    "network_leave",
    "networks",
    "observation",
    "observation_reply",
    "observations",
    "pooled",
    "pooled_rubric",
    "pooled_task",
    "practice",
    "practices",
    "remove_member",
    "roles",
    "rotate",
    "round_detail",
    "round_new",
    "score",
    "share_rubric",
    "summary",
    "team",
    "trust",
    "trust_answer",
]
