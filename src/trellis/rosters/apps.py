from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "trellis.rosters"
    label = "rosters"
