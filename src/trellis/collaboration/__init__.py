"""Teachers learning together (issue 18): teacher teams and their shared space, pooled
results of common check-ins, inquiry cycles, the practice library, moderation rounds, peer
observation, the decision log, the staff trust pulse, and the leader's pages.

Modules: `models.py`, `permissions.py`, `stats.py` (intervals for before/after figures),
`actions/` (`teams.py`, `inquiry.py`, `moderation.py`, `openpractice.py`), `queries/`
(`teams.py`, `pooled.py`, `inquiry.py`, `moderation.py`, `openpractice.py`, `leaders.py`),
`views/` (`teams.py`, `inquiry.py`, `moderation.py`, `openpractice.py`, `leaders.py`),
`forms.py`, `urls.py`, `api.py`, `privacy.py`, `demo.py`. See docs/collaboration.md and
docs/leaders.md.
"""
