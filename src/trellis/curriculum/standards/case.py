"""Reading a CASE 1.1 package (pure: bytes in, a checked plan of items out, no database).

A **CASE package** (1EdTech Competencies and Academic Standards Exchange) holds one framework:
its **CFDocument**, its **CFItems** (each standard, with a UUID identifier, a full statement
and usually a human coding scheme such as "MA.5.NF.1") and its **CFAssociations** (an item
`isChildOf` another item or of the document: the hierarchy).

`read_package` checks the package against the JSON schema shipped beside this module
(`case-1.1-package.schema.json`, written from the specification: nothing is downloaded), then
the rules a schema cannot say (identifiers unique, a child's parent present), and reports
every problem with its place: ``CFItems[3].humanCodingScheme: …``.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).with_name("case-1.1-package.schema.json")
MAX_PROBLEMS = 50


class CaseInvalid(Exception):
    """The package cannot be imported; `problems` are located messages, in document order."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Item:
    identifier: str
    statement: str
    code: str
    parent: str | None = None  # the parent item's identifier (None: top level)
    position: int = 0


@dataclass
class Package:
    identifier: str
    title: str
    items: list[Item] = field(default_factory=list)


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def place(path) -> str:
    """A JSON path as a person reads it: CFItems[3].humanCodingScheme."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _("the package")


def _schema_message(error) -> str:
    where = place(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return _("%(where)s: “%(name)s” is missing (CASE requires it).") % {
            "where": where,
            "name": missing,
        }
    if error.validator == "pattern" and where.endswith("identifier"):
        return _("%(where)s: “%(value)s” is not a UUID (CASE identifiers are UUIDs).") % {
            "where": where,
            "value": str(error.instance)[:80],
        }
    if error.validator == "maxLength":
        return _("%(where)s: longer than %(limit)s characters.") % {
            "where": where,
            "limit": error.validator_value,
        }
    if error.validator == "enum":
        return _("%(where)s: “%(value)s” is not one of %(allowed)s.") % {
            "where": where,
            "value": str(error.instance)[:80],
            "allowed": ", ".join(map(str, error.validator_value)),
        }
    if error.validator == "type":
        return _("%(where)s: should be %(kind)s.") % {"where": where, "kind": error.validator_value}
    return f"{where}: {error.message[:200]}"


def read_package(raw: bytes | str) -> Package:
    """The package's items in order, with their parents, or CaseInvalid with every problem."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CaseInvalid(
            [
                _("The file is not JSON (%(error)s). Export the framework as a CASE JSON package.")
                % {"error": str(exc)[:120]}
            ]
        ) from exc
    if not isinstance(data, dict):
        raise CaseInvalid([_("The package should be a JSON object with a CFDocument.")])
    errors = sorted(validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise CaseInvalid([_schema_message(e) for e in errors[:MAX_PROBLEMS]])

    document = data["CFDocument"]
    problems, seen = [], {}
    for i, raw_item in enumerate(data.get("CFItems", [])):
        ident = raw_item["identifier"].lower()
        if ident in seen:
            problems.append(
                _("CFItems[%(i)s].identifier: the same identifier as CFItems[%(j)s].")
                % {"i": i, "j": seen[ident]}
            )
        seen[ident] = i
    doc_id = document["identifier"].lower()
    parents: dict[str, tuple[str | None, int]] = {}
    for i, assoc in enumerate(data.get("CFAssociations", [])):
        if assoc["associationType"] != "isChildOf":
            continue
        child = assoc["originNodeURI"]["identifier"].lower()
        parent = assoc["destinationNodeURI"]["identifier"].lower()
        if child not in seen:
            continue  # an association about another framework's item: not ours to place
        if parent != doc_id and parent not in seen:
            problems.append(
                _(
                    "CFAssociations[%(i)s].destinationNodeURI.identifier: no CFItem or CFDocument "
                    "has the identifier %(id)s."
                )
                % {"i": i, "id": parent}
            )
            continue
        if parent == child:
            problems.append(
                _("CFAssociations[%(i)s]: an item cannot be its own parent.") % {"i": i}
            )
            continue
        parents[child] = (None if parent == doc_id else parent, assoc.get("sequenceNumber", i))
    problems.extend(_cycles(parents))
    if problems:
        raise CaseInvalid(problems[:MAX_PROBLEMS])

    package = Package(identifier=doc_id, title=document["title"])
    for i, raw_item in enumerate(data.get("CFItems", [])):
        ident = raw_item["identifier"].lower()
        parent, position = parents.get(ident, (None, i))
        package.items.append(
            Item(
                identifier=ident,
                statement=raw_item["fullStatement"].strip(),
                code=raw_item.get("humanCodingScheme", "").strip(),
                parent=parent,
                position=position,
            )
        )
    return package


def _cycles(parents: dict[str, tuple[str | None, int]]) -> list[str]:
    problems = []
    for start in parents:
        seen, node = {start}, parents[start][0]
        while node is not None and node in parents:
            if node in seen:
                problems.append(
                    _("CFAssociations: the items %(id)s and its parents form a loop.")
                    % {"id": start}
                )
                break
            seen.add(node)
            node = parents[node][0]
    return problems


def depth_first(items: list[Item]) -> list[Item]:
    """Parents before their children, siblings by position: the order to create them in."""
    children: dict[str | None, list[Item]] = {}
    for item in items:
        children.setdefault(item.parent, []).append(item)
    for group in children.values():
        group.sort(key=lambda it: it.position)
    out: list[Item] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(reversed(children.get(item.identifier, [])))
    return out
