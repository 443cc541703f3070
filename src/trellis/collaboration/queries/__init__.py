"""Reads of the collaboration app, scoped to the user, in a fixed number of queries.

Split by sub-domain: teams (teams, the shared space), pooled (a common check-in's results
across a team's classes, small numbers hidden), pooled_work (a common task's phases and a
common rubric's levels, as two-way tables), network (networks of schools, aggregates only),
inquiry (before and after, the practice
library), moderation (agreement and spread), openpractice (observations, decisions, the trust
pulse) and leaders (the school matrix, monitoring, the printable summary).
"""

from .inquiry import (
    InquiryPage,
    Measure,
    PracticeEvidence,
    PracticeRow,
    get_inquiry_for,
    get_practice_for,
    inquiry_options,
    inquiry_page,
    practice_library,
    practice_page,
)
from .leaders import Matrix, Monitoring, focus_options, monitoring, school_matrix
from .moderation import RoundPage, exemplars_of, get_round_for, round_page
from .network import (
    NetworkPage,
    NetworkRow,
    get_network_for,
    network_page,
    networks_page,
    schools_sharing_a_network,
)
from .openpractice import (
    ObservationsPage,
    TrustResult,
    decisions_due,
    get_decision_for,
    get_observation_for,
    get_trust_pulse_for,
    observation_counts,
    observations_page,
    trust_page,
    trust_results,
)
from .pooled import Distribution, PooledResults, pooled_results
from .pooled_work import (
    PooledPhases,
    PooledRubric,
    get_common_task_for,
    get_team_rubric_for,
    pooled_phases,
    pooled_rubric,
)
from .teams import (
    TeamPage,
    TeamRubricRow,
    TeamsPage,
    get_member_team_for,
    get_team_for,
    membership,
    team_classes,
    team_ids_of,
    team_page,
    team_rubrics,
    team_teacher_ids,
    teams_of,
    teams_page,
)

__all__ = [
    "Distribution",
    "InquiryPage",
    "Matrix",
    "Measure",
    "Monitoring",
    "NetworkPage",
    "NetworkRow",
    "ObservationsPage",
    "PooledPhases",
    "PooledResults",
    "PooledRubric",
    "PracticeEvidence",
    "PracticeRow",
    "RoundPage",
    "TeamPage",
    "TeamRubricRow",
    "TeamsPage",
    "TrustResult",
    "decisions_due",
    "exemplars_of",
    "focus_options",
    "get_common_task_for",
    "get_decision_for",
    "get_inquiry_for",
    "get_member_team_for",
    "get_network_for",
    "get_observation_for",
    "get_practice_for",
    "get_round_for",
    "get_team_for",
    "get_team_rubric_for",
    "get_trust_pulse_for",
    "inquiry_options",
    "inquiry_page",
    "membership",
    "monitoring",
    "network_page",
    "networks_page",
    "observation_counts",
    "observations_page",
    "pooled_phases",
    "pooled_results",
    "pooled_rubric",
    "practice_library",
    "practice_page",
    "round_page",
    "school_matrix",
    "schools_sharing_a_network",
    "team_classes",
    "team_ids_of",
    "team_page",
    "team_rubrics",
    "team_teacher_ids",
    "teams_of",
    "teams_page",
    "trust_page",
    "trust_results",
]
