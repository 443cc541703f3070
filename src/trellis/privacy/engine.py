"""The export and erase engine: it applies every app's declarations to one person.

Rows are reached through ``Model._base_manager`` on purpose: erasure is the one sanctioned
exception to "written once" (evidence, revisions, rubric versions), because the law asks for it
and because the alternative, keeping a person's identity in the log forever, is worse.
"""

import io
import json
import secrets
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .declarations import Declaration, Erase, registered

STAND_IN_PREFIX = "erased-"
STAND_IN_NAME = "Erased person"


def declarations() -> list[Declaration]:
    autodiscover_modules("privacy")
    return sorted(registered().values(), key=lambda d: (d.order, d.model))


def model_of(d: Declaration):
    return apps.get_model(d.model)


def rows_about(d: Declaration, person):
    q = Q()
    for lookup in d.fields:
        q |= Q(**{lookup: person.pk})
    return model_of(d)._base_manager.filter(q).distinct().order_by("pk")


def is_stand_in(user) -> bool:
    return user.username.startswith(STAND_IN_PREFIX)


# Export ------------------------------------------------------------------------------------


def _person_fields(model) -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    }


def _row(d: Declaration, obj, person) -> dict:
    people = _person_fields(type(obj))
    out = {}
    for f in type(obj)._meta.concrete_fields:
        if f.name in d.hide or f.attname in d.hide:
            continue
        value = getattr(obj, f.attname)
        if f.attname in people:
            # Other people stay out of a person's export: only "you" or "someone else".
            value = None if value is None else ("you" if value == person.pk else "someone else")
        out[f.attname] = value
    return out


@dataclass
class ExportFile:
    name: str
    about: str
    rows: int


def export_zip(person) -> bytes:
    """Every record about or by the person, as JSON, with their files and a README."""
    buf = io.BytesIO()
    listing: list[ExportFile] = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in declarations():
            if not d.export:
                continue
            objs = list(rows_about(d, person))
            name = f"data/{d.model.lower()}.json"
            payload = [_row(d, o, person) for o in objs]
            zf.writestr(name, json.dumps(payload, cls=DjangoJSONEncoder, indent=2))
            listing.append(ExportFile(name, d.about, len(objs)))
            for stored, inside in d.files(objs) if d.files else ():
                if stored and default_storage.exists(stored):
                    with default_storage.open(stored, "rb") as fh:
                        zf.writestr(f"files/{inside}", fh.read())
                    listing.append(ExportFile(f"files/{inside}", "A file you uploaded.", 1))
        zf.writestr("README.md", _readme(person, listing))
    return buf.getvalue()


def _readme(person, listing: list[ExportFile]) -> str:
    lines = [
        f"# Your data in Trellis ({person.username})",
        "",
        f"Exported {timezone.now():%Y-%m-%d %H:%M} UTC. Each JSON file holds a list of records;",
        'a field naming a person says "you" or "someone else" (other people are not named).',
        "",
        "| file | what it holds | records |",
        "|---|---|---|",
    ]
    lines += [f"| {f.name} | {f.about} | {f.rows} |" for f in listing]
    return "\n".join(lines) + "\n"


# Erase -------------------------------------------------------------------------------------


def make_stand_in(person):
    """A fresh account that takes the person's place in records others depend on."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model.objects.create(
        username=STAND_IN_PREFIX + secrets.token_hex(8),
        password=make_password(None),
        display_name=STAND_IN_NAME,
        role=person.role,
        school_id=person.school_id,
        is_active=False,
    )


def _scrubbed(model, names) -> dict:
    out = {}
    for n in names:
        f = model._meta.get_field(n)
        out[f.attname] = None if f.null else ("" if f.get_internal_type() != "JSONField" else {})
    return out


@dataclass
class ErasureReport:
    kept: int = 0
    deleted: int = 0


@transaction.atomic
def erase(person) -> ErasureReport:
    """Delete the person's own content, put a stand-in in every record others depend on."""
    report = ErasureReport()
    stand_in = make_stand_in(person)
    ordered = declarations()
    for d in ordered:
        if d.erase_with:
            d.erase_with(person, stand_in)
    for d in ordered:
        model = model_of(d)
        for lookup, policy in d.fields.items():
            if policy == Erase.DELETE:
                continue
            qs = model._base_manager.filter(**{lookup: person.pk})
            changes = {lookup: stand_in}
            if policy == Erase.DEIDENTIFY:
                changes.update(_scrubbed(model, d.scrub))
            if "__" in lookup:
                continue  # reached through a parent, which its own declaration handles
            report.kept += qs.update(**changes)
    for d in ordered:
        model = model_of(d)
        for lookup, policy in d.fields.items():
            if policy == Erase.DELETE:
                report.deleted += model._base_manager.filter(**{lookup: person.pk}).delete()[0]
    return report
