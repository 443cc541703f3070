"""Every write of the work app, split by sub-domain: rubrics, submissions, feedback, peer."""

# What other apps call (trellis.reflection asks for revisits on hand-ins).
from .submissions import set_revisit_required

__all__ = ["set_revisit_required"]
