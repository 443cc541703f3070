"""What every app declares about the people in its tables: the privacy registry.

Each app lists, in its own ``privacy.py``, every model that holds a person (a foreign key to
the user, or an id or name kept some other way) as a **Declaration**: which lookups lead to
the person, what a row holds (for the README of an export), and what **erasure** does to the
rows found through each lookup:

- ``DELETE``: the person's own content; the rows go.
- ``DEIDENTIFY``: rows others depend on (a classmate's feedback she wrote, votes on her
  proposal, a team's board); kept, the person replaced by a **stand-in** (a fresh account
  with no name that nothing ties to her), and the ``scrub`` fields cleared.
- ``KEEP_AGGREGATE``: rows that class figures are counted from (phases, answers, evidence);
  kept as they are, the person replaced by the stand-in, so every count and average stays.

A test walks every model and fails when one that holds a person is not declared. This module
imports no app, so apps can import it and stay independent of each other.
"""

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


class Erase(enum.StrEnum):
    DELETE = "delete"
    DEIDENTIFY = "de-identify"
    KEEP_AGGREGATE = "keep-aggregate"


@dataclass(frozen=True)
class Declaration:
    model: str  # "app_label.ModelName"
    about: str  # one sentence for the export's README: what a row holds
    fields: Mapping[str, Erase]  # lookup that leads to the person -> what erasure does
    scrub: tuple[str, ...] = ()  # free text cleared when the row is kept
    export: bool = True  # False for secrets and machinery (password hashes, sessions)
    hide: tuple[str, ...] = ()  # fields left out of an export (hashes, secrets)
    # (rows) -> (storage name, name inside the zip) of the person's uploaded files.
    files: Callable[[Iterable], Iterable[tuple[str, str]]] | None = None
    # (person, stand_in) -> None: what the generic policies cannot do (JSON, files, logs).
    erase_with: Callable | None = None
    # Later erasure steps run later: the user row itself goes last.
    order: int = 0
    # Values held without a foreign key ("a user id inside a JSON field"), for the walk test.
    indirect: tuple[str, ...] = field(default=())


_REGISTRY: dict[str, Declaration] = {}


def register(*declarations: Declaration) -> None:
    for d in declarations:
        _REGISTRY[d.model.lower()] = d


def registered() -> dict[str, Declaration]:
    return dict(_REGISTRY)
