from django.apps import AppConfig


class KzclaimsConfig(AppConfig):
    name = "kzclaims"
    verbose_name = "kzclaims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kzclaims.exports import checks  # noqa: F401 - registers the exports' system checks
