"""Targets, tasks and release plans (the rooms, plus ``standards/``: a sub-app with its own
rooms that imports a CASE 1.1 package into a class's targets; docs/standards.md):

- ``standards/case.py``: reading and checking a package (pure) against the shipped schema;
- ``standards/actions.py``: the import in one transaction, re-import in place; fetching by URL;
- ``standards/permissions.py``, ``standards/views.py``, ``standards/urls.py``: the admin's page;
- ``standards/jobs.py``: a large package imports in the background.
"""
