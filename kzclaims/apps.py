from django.apps import AppConfig


class KzclaimsConfig(AppConfig):
    name = "kzclaims"
    verbose_name = "kzclaims"
    default_auto_field = "django.db.models.BigAutoField"
