"""The admin's audit log: a filtered, paginated page and the same entries as CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from trellis.common.csvsafe import escape_cell
from trellis.common.errors import NotFound

from . import actions, queries
from .permissions import can_see_audit

CSV_COLUMNS = ("when", "who", "who_ref", "action", "what", "records", "record_names", "summary")


def _filters(request) -> queries.Filters:
    return queries.Filters(
        action=request.GET.get("action", "").strip()[:64],
        person=request.GET.get("person", "").strip()[:150],
    )


@login_required
def log(request):
    if not can_see_audit(request.user):
        raise NotFound("page")
    filters = _filters(request)
    data = queries.audit_page_for(request.user, filters, request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"data": data, "filters": filters, "query": query.urlencode()},
        status=400 if filters.person_error else 200,
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def export(request):
    if not can_see_audit(request.user):
        raise NotFound("page")
    rows = actions.export_log(request.user, _filters(request))
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for row in rows:
            e = row.entry
            cells = (
                timezone.localtime(e.at).isoformat(timespec="seconds"),
                row.actor_name,
                e.actor_ref,
                e.action,
                row.label,
                " ".join(e.target_list),
                "; ".join(name for _, name in row.targets if name),
                e.summary,
            )
            yield writer.writerow([escape_cell(c) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
