"""Rosters from the school's information system: OneRoster 1.1 and 1.2 CSV sets.

Nouns: a **roster set** (a folder or .zip holding manifest.csv and the data files); its
**manifest**, which names the OneRoster version and, per file, whether it is absent, a
**bulk** file (the whole truth: what is missing is deactivated) or a **delta** file (only
changes, each row with a status and a dateLastModified); a **problem** (a bad cell, a bad
file or a bad set, located by file, line and column, with what to do about it); and the
**report** of an import (per kind: created, updated, deactivated, unchanged; what was ignored;
every problem).

An import reads and checks the whole set first and writes only when nothing is wrong, in one
transaction. A dry run stops before writing. The simple teacher CSV (name, email, role,
class) lives in :mod:`.simple`; the class roster export in :mod:`.export`; the checks of
each column's values in :mod:`.checks`.
Guardians linked by ``agentSourcedIds`` and the under-13 band from ``demographics.csv`` are
planned in ``plan_families.py`` and written through trellis.reflection's actions.
"""
