"""Learning targets from a standards framework: an admin imports a CASE 1.1 package into a
class's targets (docs/standards.md). A sub-app with its own rooms:

- ``case.py``: reading and checking a package (pure) against ``case-1.1-package.schema.json``;
- ``actions.py``: the import (one transaction; re-import updates in place) and fetching a
  package from an address;
- ``permissions.py``, ``views.py``, ``urls.py``: the admin's import page;
- ``jobs.py``: a large package imports in the background.
"""
