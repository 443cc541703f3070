"""Every write of the work app, split by sub-domain: rubrics, submissions, feedback, peer."""

# What other apps call (trellis.reflection asks for revisits on hand-ins).
# trellis.collaboration copies a rubric a teammate shared with a teacher team.
from .rubric_copy import copy_team_rubric
from .submissions import set_revisit_required

__all__ = ["copy_team_rubric", "set_revisit_required"]
