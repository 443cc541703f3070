from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "trellis.work"
    label = "work"
    verbose_name = "Work & feedback"
