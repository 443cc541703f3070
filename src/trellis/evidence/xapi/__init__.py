"""xAPI out of the evidence log (docs/xapi.md).

- ``statements.py``: an evidence event as an xAPI 1.0.3 statement (pure; stable ids).
- ``profile.py``: the Trellis xAPI profile (verbs, extensions, activity types) and its
  published JSON-LD copy ``profile.jsonld``.
- ``lrs.py``: posting batches of statements to a learning record store over HTTP.
"""
