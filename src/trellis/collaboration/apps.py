from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "trellis.collaboration"
    label = "collaboration"
