"""Request-level security: the client's address for login throttling, and the content policy.

- ``lockout_response`` is the page a locked-out login gets.
- ``client_ip`` is the address django-axes counts failed logins against: ``REMOTE_ADDR``, or,
  behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the address the outermost of them saw.
- ``AnonymousRate`` is the API's rate limit (Django REST framework's throttle, counted in the
  shared cache).
- ``ContentSecurityPolicyMiddleware`` sends the site's policy (``CONTENT_SECURITY_POLICY``) on
  public pages, which carry no inline script or style and so need no nonce (a cached page stays
  valid), and the admin policy on the admin, whose scripts may run inline only with the
  request's nonce and whose rich-text editor may style its own elements inline.
"""

from csp.constants import NONCE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle


def client_ip(request):
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


class AnonymousRate(AnonRateThrottle):
    """``API_RATE_LIMIT`` requests per client address (``"60/minute"``), the setting read when
    a request is counted. The address is ``client_ip``'s: DRF's ``NUM_PROXIES`` is
    ``TRUSTED_PROXY_COUNT``."""

    def get_rate(self):
        return settings.API_RATE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """django-axes's answer to a locked-out login: the admin's page, saying for how long."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.contrib import admin

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is paused"),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = TemplateResponse(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    return response.render()


def admin_policy():
    directives = {
        name: list(values)
        for name, values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    directives["script-src"] = [*directives["script-src"], NONCE]
    # The rich-text editor (ProseMirror) styles what it draws with inline styles.
    directives["style-src"] = [*directives["style-src"], "'unsafe-inline'"]
    return directives


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under the admin's address."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and self.is_admin(request):
            parts.config = admin_policy()
        return parts

    @staticmethod
    def is_admin(request):
        return request.path_info.startswith(reverse("admin:index"))
