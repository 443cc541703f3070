"""The append-only evidence log and its exports (the rooms, plus):

- ``xapi/statements.py``: an event as an xAPI 1.0.3 statement (stable uuid5 ids, accounts,
  IRI extensions, voiding by StatementRef);
- ``xapi/profile.py``: the Trellis xAPI profile and its published copy ``xapi/profile.jsonld``;
- ``xapi/lrs.py``: posting batches to a learning record store (what each answer means);
- ``jobs.py``: delivery to the school's LRS as a background job (docs/xapi.md).
"""
