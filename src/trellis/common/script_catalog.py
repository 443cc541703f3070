"""The scripts' words (Django's JavaScript catalogue) at an address a browser may keep.

`/jsi18n/<language>/<version>.js`: the language is in the address, and the version is a digest
of the compiled script catalogues, so the browser keeps the file for a year and fetches it
again only when the page's language changes or a deploy brings new words. (At `/jsi18n/`, the
same address for every language, every page view fetched it again: one more request, with its
session and user queries, per page.)
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.i18n import JavaScriptCatalog

YEAR = 365 * 24 * 3600


@functools.cache
def catalog_version() -> str:
    """A digest of every compiled script catalogue (djangojs.mo) Trellis ships."""
    digest = hashlib.sha256()
    for root in settings.LOCALE_PATHS:
        for path in sorted(Path(root).glob("*/LC_MESSAGES/djangojs.mo")):
            digest.update(path.parent.parent.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


class ScriptCatalog(JavaScriptCatalog):
    packages = ["trellis.common"]

    def get(self, request, *args, lang: str, **kwargs):
        if lang not in dict(settings.LANGUAGES):
            raise Http404("No such language.")
        with translation.override(lang):
            response = super().get(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
        return response
