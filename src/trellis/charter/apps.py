from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "trellis.charter"
    label = "charter"

    def ready(self):
        # The charter's own signals of a culture of learning; other apps register theirs the
        # same way from their AppConfig.ready (see trellis.charter.indicators).
        from . import indicators

        indicators.register_charter_providers()
