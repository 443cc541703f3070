from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "trellis.curriculum"
    label = "curriculum"

    def ready(self):
        # The culture panel asks this app for its numbers without importing it.
        from trellis.charter.indicators import register_provider

        from .indicators import PROVIDERS

        for provider in PROVIDERS:
            register_provider(provider)
