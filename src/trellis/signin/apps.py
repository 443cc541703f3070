from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "trellis.signin"
    label = "signin"
    verbose_name = "Signing in"
