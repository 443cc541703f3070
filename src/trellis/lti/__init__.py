"""LTI 1.3 Advantage: Trellis as a tool inside a school's LMS (docs/lti.md).

Rooms: models, actions, queries, permissions, views, urls; beside them ``launch.py`` (validate a
launch, spend its nonce, name a refusal), ``jobs.py`` (roster sync and grade post as background
jobs), ``forms.py`` (the registration form) and ``privacy.py``.
"""
