from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CorridorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "corridor"
    verbose_name = _("G60 Corridor content")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .languages import remember_admin_language

        user_logged_in.connect(remember_admin_language, dispatch_uid="corridor_admin_language")

        pre_save.connect(fixture_texts_as_blank, dispatch_uid="corridor_fixture_texts")

        from .cache import content_saved

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_saved, dispatch_uid="corridor_page_cache")


def fixture_texts_as_blank(sender, instance, raw=False, **kwargs):
    """Rows loaded as they are (fixtures) skip ``save()``: their unwritten texts are blank too,
    and searched items get their search document."""
    from .models import Normalised, Searchable

    if raw and isinstance(instance, Normalised):
        instance.empty_texts_as_blank()
    if raw and isinstance(instance, Searchable):
        instance.refresh_search_document()
