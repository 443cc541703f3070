"""The JSON API at /api/v1, with its OpenAPI document at /api/v1/openapi.json."""

from django.http import Http404
from ninja import NinjaAPI, Swagger

from trellis.accounts.api import router as accounts_router
from trellis.charter.api import router as charter_router
from trellis.checkins.api import router as checkins_router
from trellis.collaboration.api import router as collaboration_router
from trellis.common.api import SessionOrToken, document_errors
from trellis.common.errors import UserError
from trellis.progression.api import router as progression_router
from trellis.reflection.api import router as reflection_router
from trellis.rosters.api import router as rosters_router
from trellis.work.api import router as work_router


class TrellisAPI(NinjaAPI):
    """Ninja's API whose OpenAPI document also lists every error status an operation can give
    (`common.api.document_errors`)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


class OfflineDocs(Swagger):
    """Swagger UI from ninja's bundled static files, in a page of ours with its language set."""

    template = "trellis/api_docs.html"


api = TrellisAPI(
    title="Trellis API",
    version="1",
    description="Classes, teams and the gradual release of responsibility.",
    auth=SessionOrToken(),
    urls_namespace="api-v1",
    docs=OfflineDocs(),
)


@api.exception_handler(UserError)
def user_error(request, exc: UserError):
    return api.create_response(
        request, {"detail": exc.message, "field": exc.field}, status=exc.status
    )


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


api.add_router("/", accounts_router)
api.add_router("/", rosters_router)
api.add_router("/", work_router)
api.add_router("/", progression_router)
api.add_router("/", charter_router)
api.add_router("/", checkins_router)
api.add_router("/", collaboration_router)
api.add_router("/", reflection_router)
