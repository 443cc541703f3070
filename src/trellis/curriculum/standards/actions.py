"""Importing a CASE package into a class's learning targets.

The whole package is checked first (case.py); then every target is written in one
transaction, so a package is imported whole or not at all. A target is found again by its
CASE identifier: importing the same package twice changes nothing the second time, and a
newer version of the framework updates statements, codes and the hierarchy in place. Targets
the package no longer lists are kept (their evidence stays) and counted in the report.
"""

from dataclasses import dataclass

import httpx
from django.db import transaction
from django.utils.translation import gettext as _

from trellis.audit import actions as audit
from trellis.common import outbound
from trellis.common.errors import UserError
from trellis.curriculum.models import STATEMENT_MAX, LearningTarget

from .case import depth_first, read_package
from .permissions import can_import_standards, classes_for_import

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 30.0


@dataclass
class ImportReport:
    framework: str
    classroom: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_package: int = 0
    shortened: int = 0


def _classroom(user, classroom_id):
    if not can_import_standards(user):
        raise UserError(_("Only an administrator of the school imports standards."))
    try:
        klass = classes_for_import(user).filter(pk=int(classroom_id)).first()
    except (TypeError, ValueError):
        klass = None
    if klass is None:
        raise UserError(_("Choose one of your school's classes."), field="classroom")
    return klass


def _short(text: str) -> tuple[str, bool]:
    if len(text) <= STATEMENT_MAX:
        return text, False
    return text[: STATEMENT_MAX - 1].rstrip() + "…", True


def import_case_package(user, classroom_id, raw: bytes) -> ImportReport:
    """Import (or re-import) the package's items as the class's targets. Raises CaseInvalid
    with located problems, or UserError; writes nothing then."""
    klass = _classroom(user, classroom_id)
    package = read_package(raw)
    items = depth_first(package.items)
    report = ImportReport(framework=package.title, classroom=str(klass))
    with transaction.atomic():
        existing = {
            t.case_identifier: t
            for t in LearningTarget.objects.select_for_update().filter(
                classroom=klass, case_identifier__gt=""
            )
        }
        wanted = {item.identifier for item in items}
        report.not_in_package = len(set(existing) - wanted)
        new = []
        for item in items:
            if item.identifier not in existing:
                statement, cut = _short(item.statement)
                report.shortened += cut
                target = LearningTarget(
                    classroom=klass,
                    statement=statement,
                    code=item.code,
                    case_identifier=item.identifier,
                    created_by=user,
                )
                new.append(target)
                existing[item.identifier] = target
        LearningTarget.objects.bulk_create(new)
        report.created = len(new)
        created = {t.case_identifier for t in new}
        changed = []
        for position, item in enumerate(items):
            target = existing[item.identifier]
            statement, cut = _short(item.statement)
            parent = existing[item.parent] if item.parent else None
            fields = {
                "statement": statement,
                "code": item.code,
                "parent_id": parent.pk if parent else None,
                "position": position,
                "is_active": True,
            }
            if all(getattr(target, k) == v for k, v in fields.items()):
                report.unchanged += item.identifier not in created
                continue
            for k, v in fields.items():
                setattr(target, k, v)
            if item.identifier not in created:
                target.version += 1
                report.updated += 1
                report.shortened += cut
            changed.append(target)
        LearningTarget.objects.bulk_update(
            changed,
            ["statement", "code", "parent", "position", "is_active", "version"],
            batch_size=500,
        )
        audit.record(
            user,
            "standards.import",
            school=klass.school_id,
            targets=[klass],
            summary=(
                f"{package.title}: {report.created} new, {report.updated} updated, "
                f"{report.unchanged} unchanged"
            ),
        )
    return report


def fetch_package(url: str) -> bytes:
    """The package at a public https address (trellis.common.outbound), at most
    MAX_PACKAGE_BYTES. Redirects are followed, each through the same guard."""
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        raise UserError(_("Give the package's address, starting with https://."), field="url")
    outbound.check_url(url, field="url")
    try:
        with (
            outbound.client(timeout=FETCH_TIMEOUT, follow_redirects=True) as http,
            http.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise UserError(
                    _(
                        "The address answered HTTP %(status)s, not the package. Check it, or "
                        "download the file and upload it instead."
                    )
                    % {"status": response.status_code},
                    field="url",
                )
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_PACKAGE_BYTES:
                    raise UserError(
                        _("The package is larger than %(mb)s MB.")
                        % {"mb": MAX_PACKAGE_BYTES // 2**20},
                        field="url",
                    )
            return body
    except outbound.OutboundRefused as exc:  # a redirect to a refused address
        raise outbound.OutboundRefused(exc.message, field="url") from exc
    except httpx.HTTPError as exc:
        raise UserError(
            _("Could not read %(url)s (%(error)s). Check the address, or upload the file.")
            % {"url": url[:200], "error": str(exc)[:120]},
            field="url",
        ) from exc
