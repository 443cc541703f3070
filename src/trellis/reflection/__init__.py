"""Reflection: the learning journal, "then and now" revisits, the portfolio with its audience
ladder, families (guardians) and the notices bell.

Beside the rooms: `audio.py` (recordings checked by content and stored like hand-ins),
`forms.py`, `static/` (the in-browser recorder), `jobs.py` (the weekly digest). Docs:
docs/reflection.md and docs/families.md.
"""
