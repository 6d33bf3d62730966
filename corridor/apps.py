from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorridorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "corridor"
    verbose_name = _("G60 Corridor content")
