from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "trellis.common"
    label = "common"
