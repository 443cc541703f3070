"""Every model that holds a person is declared, the way Moodle checks its privacy providers.

A new model with a foreign key to the user (or a field that keeps a user's id or name some
other way) fails here until its app declares, in `<app>/privacy.py`, how it is exported and
what erasure does to it."""

import re

from django.apps import apps
from django.conf import settings
from django.db import models

from trellis.privacy.declarations import Erase
from trellis.privacy.engine import declarations

# Names that say "this holds a person" without being a foreign key.
PERSONISH = re.compile(r"(^|_)(user|username|student|author|owner|person|respondent|actor)(_id)?$")


def _declared():
    return {d.model.lower(): d for d in declarations()}


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def test_every_model_that_references_a_person_is_declared():
    declared = _declared()
    user = _user_model()
    missing = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        person_fields = [
            f.name
            for f in model._meta.get_fields(include_hidden=True)
            if f.concrete and f.is_relation and f.related_model is user
        ]
        indirect = [
            f.name
            for f in model._meta.concrete_fields
            if not f.is_relation and PERSONISH.search(f.name)
        ]
        if model is user:
            person_fields, indirect = ["id"], []
        if not person_fields and not indirect:
            continue
        d = declared.get(label)
        if d is None:
            missing.append(f"{label} ({', '.join(person_fields + indirect)})")
            continue
        for name in person_fields:
            if name not in d.fields and name not in {x.split("__")[0] for x in d.fields}:
                missing.append(f"{label}.{name} (declared model, undeclared field)")
        for name in indirect:
            if name not in d.indirect and name not in d.fields:
                missing.append(f"{label}.{name} (holds a person without a foreign key)")
    assert not missing, "Declare these in <app>/privacy.py: " + "; ".join(missing)


def test_known_indirect_holders_are_declared():
    # Places that keep a person without a foreign key, found by reading the code; the walk
    # above cannot see inside JSON or encoded data.
    declared = _declared()
    assert "content.criteria[].proposed_by_id" in declared["work.rubricversion"].indirect
    assert declared["sessions.session"].indirect
    assert declared["admin.logentry"].erase_with is not None


def test_declarations_name_real_models_fields_and_policies():
    for d in declarations():
        model = apps.get_model(d.model)
        assert d.about.strip(), d.model
        for lookup, policy in d.fields.items():
            assert isinstance(policy, Erase)
            model._base_manager.filter(**{lookup: 1}).query  # the lookup resolves  # noqa: B018
        for name in d.scrub:
            f = model._meta.get_field(name)
            assert isinstance(f, models.CharField | models.TextField), f"{d.model}.{name}"
        if any(p != Erase.DELETE for p in d.fields.values()):
            # A kept row must be able to take the stand-in: its person fields are real fields.
            for lookup, p in d.fields.items():
                if p != Erase.DELETE and "__" not in lookup:
                    assert model._meta.get_field(lookup).is_relation
