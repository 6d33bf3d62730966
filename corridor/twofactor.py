"""Two-step verification for the admin, with django-otp: an authenticator app, and recovery codes.

Whoever may publish or manage users (Publishers, Site administrators, superusers) must use it;
Editors may. After the password (django-axes throttles those attempts), ``pending_step`` says
what a signed-in person still owes:

- ``verify``: they have an app; every admin page sends them to enter a code (or a recovery
  code) first;
- ``enrol``: they must have one and have none; every admin page sends them to set it up.

``CorridorAdminSite.admin_view`` enforces it on every admin page, and the public site's draft
preview asks ``is_trusted`` too. A failed code slows the next attempts (django-otp throttling).
"""

import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


def requires_two_factor(user):
    """Publishers, site administrators and superusers: whoever may publish or manage users."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm("auth.change_user"):
        return True
    return any(perm.split(".", 1)[1].startswith("publish_") for perm in user.get_all_permissions())


def pending_step(request):
    """``None`` when the signed-in person may use the admin, else ``"verify"`` or ``"enrol"``."""
    user = request.user
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return None
    if getattr(user, "is_verified", lambda: False)():
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    if requires_two_factor(user):
        return "enrol"
    return None


def is_trusted(request):
    """A signed-in member of staff who has passed every step the admin asks of them."""
    user = request.user
    return user.is_authenticated and user.is_active and user.is_staff and not pending_step(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def render(request, admin_site, template, context):
    context = {**admin_site.each_context(request), **context}
    return TemplateResponse(request, f"admin/twofactor/{template}.html", context)


def verify_view(request, admin_site):
    """The second step of signing in: a code from the app, or a recovery code."""
    if pending_step(request) != "verify":
        return redirect(next_url(request, reverse("admin:index")))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = seconds_to_wait(devices_for(request.user))
        device = None if wait else match_token(request.user, form.cleaned_data["code"])
        if wait:
            form.add_error("code", too_many(wait))
        elif device is not None:
            otp_login(request, device)
            for other in devices_for(request.user):  # the right code: no more waiting
                if other.pk != device.pk or type(other) is not type(device):
                    other.throttle_reset()
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code. %(left)s are left; make new ones on "
                        "your two-step verification page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(next_url(request, reverse("admin:index")))
        else:
            form.add_error(
                "code",
                _("That code is not right, or it has expired. Wait for a new one and try again."),
            )
    return render(
        request,
        admin_site,
        "verify",
        {"title": _("Two-step verification"), "form": form, "next": next_url(request, "")},
    )


def enrol_view(request, admin_site):
    """Set up an authenticator app: scan the code, type the first number, keep recovery codes."""
    user = request.user
    if pending_step(request) == "verify":
        return redirect(reverse("admin:twofactor_verify"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "-pk"
    ).first() or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    form = CodeForm(request.POST or None)
    wait = seconds_to_wait([device]) if request.method == "POST" else 0
    if wait:
        form.is_valid()
        form.add_error("code", too_many(wait))
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save()
                codes = new_recovery_codes(user)
            otp_login(request, device)
            return render(
                request,
                admin_site,
                "codes",
                {"title": _("Your recovery codes"), "codes": codes, "first_time": True},
            )
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    return render(
        request,
        admin_site,
        "enrol",
        {
            "title": _("Set up two-step verification"),
            "form": form,
            "qr_code": qr_svg(device.config_url),
            "secret": secret_groups(device),
            "required": requires_two_factor(user),
        },
    )


def account_view(request, admin_site):
    """What is set up, and: new recovery codes, or (when not required) turning it off."""
    user = request.user
    if request.method == "POST":
        if "new_codes" in request.POST and user_has_device(user, confirmed=True):
            codes = new_recovery_codes(user)
            return render(
                request,
                admin_site,
                "codes",
                {"title": _("Your recovery codes"), "codes": codes, "first_time": False},
            )
        if "turn_off" in request.POST:
            if requires_two_factor(user):
                raise PermissionDenied
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-step verification is off."))
            return redirect(reverse("admin:twofactor"))
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    recovery = StaticDevice.objects.filter(user=user).first()
    return render(
        request,
        admin_site,
        "account",
        {
            "title": _("Two-step verification"),
            "app": app,
            "codes_left": recovery.token_set.count() if recovery else 0,
            "required": requires_two_factor(user),
        },
    )


def devices_for(user):
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def seconds_to_wait(devices):
    """After wrong codes, django-otp makes each device wait 1, 2, 4 … seconds: how long until
    one of them takes a code again (0: now)."""
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed or not details or not details.get("locked_until"):
            return 0
        waits.append((details["locked_until"] - timezone.now()).total_seconds())
    return max(0, math.ceil(min(waits, default=0)))


def too_many(seconds):
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)s second, then try again.",
        "Too many wrong codes in a row: wait %(seconds)s seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def new_recovery_codes(user):
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` new ones; return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    count = getattr(settings, "RECOVERY_CODE_COUNT", 10)
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset(user):
    """Remove someone's app and recovery codes (a lost phone): they set it up again next time."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_svg(url):
    import segno

    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, dark="#1d2b36"))


def secret_groups(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
