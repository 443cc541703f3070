from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "trellis.checkins"
    label = "checkins"

    def ready(self):
        # The culture panel asks this app for its numbers without importing it.
        from trellis.charter.indicators import register_provider

        from .indicators import PROVIDERS

        for provider in PROVIDERS:
            register_provider(provider)
