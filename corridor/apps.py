from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorridorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "corridor"
    verbose_name = _("G60 Corridor content")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .languages import remember_admin_language

        user_logged_in.connect(remember_admin_language, dispatch_uid="corridor_admin_language")
