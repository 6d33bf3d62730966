"""The editors' admin site: the index adds what needs attention."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LIST_LENGTH = 8


class CorridorAdminSite(admin.AdminSite):
    site_header = _("G60 Corridor Portal")
    site_title = _("G60 Corridor Portal admin")
    index_title = _("Content")
    index_template = "admin/corridor_index.html"

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self.dashboard(request)}
        return super().index(request, extra_context)

    def dashboard(self, request):
        """Recent changes, scheduled items and drafts: one query per publishable model."""
        from django.contrib.admin.models import LogEntry

        from .models import ImportBatch
        from .roles import PUBLISHABLE_MODELS

        user = request.user
        now = timezone.now()
        scheduled, drafts = [], []
        for model, model_admin in self._registry.items():
            opts = model._meta
            if opts.model_name not in PUBLISHABLE_MODELS or not model_admin.has_view_permission(
                request
            ):
                continue
            manager = model._default_manager
            rows = list(
                manager.filter(status="draft")
                .order_by()
                .union(manager.scheduled(at=now).order_by())
                .order_by("-updated_at")[:LIST_LENGTH]
            )
            for obj in rows:
                target = scheduled if obj.state == "scheduled" else drafts
                target.append((obj, opts))
        scheduled.sort(key=lambda item: item[0].publish_at)
        drafts.sort(key=lambda item: item[0].updated_at, reverse=True)
        recent = LogEntry.objects.select_related("content_type", "user").order_by("-action_time")[
            :LIST_LENGTH
        ]
        return {
            "recent_changes": recent,
            "scheduled_items": scheduled[:LIST_LENGTH],
            "draft_items": drafts[:LIST_LENGTH],
            "can_publish_any": any(
                user.has_perm(f"corridor.publish_{name}") for name in PUBLISHABLE_MODELS
            ),
            "recent_imports": ImportBatch.objects.select_related("created_by")[:5]
            if user.has_perm("corridor.view_importbatch")
            or user.is_superuser
            or any(user.has_perm(f"corridor.import_{n}") for n in PUBLISHABLE_MODELS)
            else [],
        }


class CorridorAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``CorridorAdminSite`` as its default site."""

    default_site = "corridor.admin_site.CorridorAdminSite"
