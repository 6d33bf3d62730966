"""Languages: each public page at one address per language, and the switch between them.

``LANGUAGES`` in the settings lists the languages; Django's codes (``zh-hans``) name the
addresses and the catalogues, and ``bcp47`` gives the tag a page declares (``zh-Hans``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TAGS = {"en": "en", "zh-hans": "zh-Hans"}


def bcp47(code):
    """The language tag for ``lang`` and ``hreflang`` attributes: ``zh-hans`` → ``zh-Hans``."""
    return TAGS.get(code, code)


def other_languages(current=None):
    current = current or translation.get_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != current]


def page_in(request, code):
    """The address of the page being shown, in language ``code``, its query string kept."""
    return translate_url(request.get_full_path(), code)


def switch_language(request, code):
    """Remember the visitor's choice and show them the page they were on in that language.

    A plain link, so that it works without JavaScript and without a form; it keeps the path
    and the query string (filters, search, page) of ``next``.
    """
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    with translation.override(translation.get_language_from_path(target)):
        response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- The admin in each editor's own language ------------------------------------------------

SESSION_KEY = "admin_language"


def remember_admin_language(sender, request, user, **kwargs):
    """On signing in, the admin's language comes from the person's preference."""
    from .models import Preference

    code = Preference.objects.filter(user=user).values_list("language", flat=True).first()
    if code:
        request.session[SESSION_KEY] = code


class AdminLanguageMiddleware:
    """Shows the admin in the language its user chose, kept in their session (no query).

    Before they choose, and on the sign-in page, the admin follows the browser, as Django's
    ``LocaleMiddleware`` decides.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        code = request.session.get(SESSION_KEY) if request.path.startswith(self.prefix) else None
        if code in dict(settings.LANGUAGES):
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the admin"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )


def admin_language_view(request, admin_site):
    """Choose the admin's language; it is kept for the next time one signs in."""
    from .models import Preference

    current = request.session.get(SESSION_KEY) or translation.get_language()
    form = LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["language"]
        Preference.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
        with translation.override(code):
            messages.success(
                request,
                _("The admin is now in %(language)s.")
                % {"language": dict(settings.LANGUAGES)[code]},
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        return HttpResponseRedirect(target)
    context = {
        **admin_site.each_context(request),
        "title": _("Language"),
        "form": form,
        "next": request.GET.get("next", ""),
    }
    return TemplateResponse(request, "admin/language.html", context)
