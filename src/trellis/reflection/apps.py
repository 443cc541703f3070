from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "trellis.reflection"
    label = "reflection"
    verbose_name = "Reflection, revisiting & portfolio"
