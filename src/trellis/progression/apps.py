from django.apps import AppConfig


class ProgressionConfig(AppConfig):
    name = "trellis.progression"
    label = "progression"
