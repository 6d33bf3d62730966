"""The editors' admin site: two-step verification on every page; the index adds what needs
attention, limited to what the person may see."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

LIST_LENGTH = 8
# Pages a signed-in person may open before the second step: leaving, and the admin's
# JavaScript translations that the second-step pages load.
BEFORE_SECOND_STEP = {"logout", "i18n_javascript"}


class CorridorAdminSite(admin.AdminSite):
    site_header = _("G60 Corridor Portal")
    site_title = _("G60 Corridor Portal admin")
    index_title = _("Content")
    index_template = "admin/corridor_index.html"
    # The lists need the width: the breadcrumbs and the index lead everywhere the sidebar did.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        """Every admin page, for a signed-in person who still owes the second step, sends them
        to it (entering a code, or setting up an app) and shows nothing else."""
        from . import twofactor

        protected = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") in BEFORE_SECOND_STEP:
            return protected

        @wraps(view)
        def inner(request, *args, **kwargs):
            step = twofactor.pending_step(request)
            if step and self.has_permission(request):
                target = reverse(f"admin:twofactor_{step}")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            return protected(request, *args, **kwargs)

        return inner

    def get_urls(self):
        from . import twofactor
        from .languages import admin_language_view

        def step(view):
            """The second-step pages: signed in with a password is enough to see them."""

            def inner(request):
                return view(request, self)

            return super(CorridorAdminSite, self).admin_view(inner)

        return [
            path("two-step/", self.admin_view(step(twofactor.account_view)), name="twofactor"),
            path("two-step/code/", step(twofactor.verify_view), name="twofactor_verify"),
            path("two-step/set-up/", step(twofactor.enrol_view), name="twofactor_enrol"),
            path("language/", self.admin_view(step(admin_language_view)), name="language"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self.dashboard(request)}
        return super().index(request, extra_context)

    def dashboard(self, request):
        """Recent changes, scheduled items, drafts and imports: only what the person may see."""
        from django.contrib.admin.models import LogEntry
        from django.contrib.contenttypes.models import ContentType

        from . import registry
        from .models import ImportBatch, State
        from .roles import can_publish
        from .spreadsheets.admin import may_see_imports

        user = request.user
        now = timezone.now()
        scheduled, drafts = [], []
        for model in registry.publishable():
            model_admin = self._registry.get(model)
            if model_admin is None or not model_admin.has_view_permission(request):
                continue
            manager = model._default_manager
            rows = list(
                manager.drafts()
                .order_by()
                .union(manager.scheduled(at=now).order_by())
                .order_by("-updated_at")[:LIST_LENGTH]
            )
            for obj in rows:
                target = scheduled if obj.state == State.SCHEDULED else drafts
                target.append((obj, model._meta))
        scheduled.sort(key=lambda item: item[0].publish_at)
        drafts.sort(key=lambda item: item[0].updated_at, reverse=True)
        visible = [
            model
            for model, model_admin in self._registry.items()
            if model_admin.has_view_or_change_permission(request)
        ]
        content_types = ContentType.objects.get_for_models(*visible).values()
        recent = (
            LogEntry.objects.filter(content_type__in=[ct.pk for ct in content_types])
            .select_related("content_type", "user")
            .order_by("-action_time")[:LIST_LENGTH]
        )
        imports = [name for name in registry.NAMES if may_see_imports(user, name)]
        return {
            "recent_changes": recent,
            "scheduled_items": scheduled[:LIST_LENGTH],
            "draft_items": drafts[:LIST_LENGTH],
            "can_publish_any": any(can_publish(user, model) for model in registry.publishable()),
            "recent_imports": ImportBatch.objects.filter(model_name__in=imports).select_related(
                "created_by"
            )[:5],
        }


class CorridorAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``CorridorAdminSite`` as its default site."""

    default_site = "corridor.admin_site.CorridorAdminSite"
