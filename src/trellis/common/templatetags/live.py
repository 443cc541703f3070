"""`{% live_poll %}`: the htmx trigger of every live page's poll ("every 3000ms").

One interval for every page that follows a lesson as it happens (settings.TRELLIS_LIVE_POLL_SECONDS,
3 s by default), written in whole milliseconds so that no locale's decimal comma reaches htmx.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def live_poll() -> str:
    return f"every {round(settings.TRELLIS_LIVE_POLL_SECONDS * 1000)}ms"
