"""Teachers learning together (issue 18): teacher teams and their shared space, pooled
results of common check-ins, inquiry cycles, the practice library, moderation rounds, peer
observation, the decision log, the staff trust pulse, and the leader's pages.

Modules: ``models``, ``permissions``, ``stats`` (intervals for before/after figures),
``actions/`` (``teams``, ``inquiry``, ``moderation``, ``openpractice``), ``queries/``
(``teams``, ``pooled``, ``inquiry``, ``moderation``, ``openpractice``, ``leaders``),
``views/`` (``teams``, ``inquiry``, ``moderation``, ``openpractice``, ``leaders``), ``forms``,
``urls``, ``api``, ``privacy``, ``demo``. See docs/collaboration.md and docs/leaders.md.
"""
