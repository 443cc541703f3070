from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from trellis.accounts.models import User


@login_required
def trivial(request):
    """The baseline: signed in like the board, one query, a tiny response."""
    return HttpResponse(f"{User.objects.filter(pk=request.user.pk).count()}")


urlpatterns = [path("bench/trivial/", trivial), path("", include("trellis.urls"))]
