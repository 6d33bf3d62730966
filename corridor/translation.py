"""Which texts editors write in each language (django-modeltranslation), and the history of
every content model (django-simple-history).

Each field named here gets a column per language (``summary_en``, ``summary_zh_hans``); the
field's own name reads the active language's value, falling back to the other language when it
is empty. History is registered here, after the translations, so that each history record
keeps both languages of every field.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, TranslationOptions, register, translator
from simple_history import register as keep_history

from . import models as corridor
from .models import HistoryLinks


class Named(TranslationOptions):
    required_languages = {"en": ("name",)}


@register(corridor.City)
class CityTexts(Named):
    fields = ("name", "summary", "description", "image_alt")


@register(corridor.Industry)
class IndustryTexts(Named):
    fields = ("name", "summary")


@register(corridor.Park)
class ParkTexts(Named):
    fields = ("name", "summary", "description", "image_alt", "source_name")


@register(corridor.Enclave)
class EnclaveTexts(Named):
    fields = ("name", "address", "summary", "description", "image_alt", "source_name")


@register(corridor.Enterprise)
class EnterpriseTexts(Named):
    fields = ("name", "summary", "description", "highlights", "logo_alt", "source_name")


@register(corridor.Fund)
class FundTexts(Named):
    fields = ("name", "manager", "summary", "description", "source_name")


@register(corridor.FundInvestment)
class FundInvestmentTexts(TranslationOptions):
    fields = ("note", "source_name")


@register(corridor.NewsItem)
class NewsItemTexts(TranslationOptions):
    fields = ("title", "standfirst", "body", "byline", "image_alt", "image_caption")
    required_languages = {"en": ("title",)}


@register(corridor.Milestone)
class MilestoneTexts(TranslationOptions):
    fields = ("title", "summary", "source_name")
    required_languages = {"en": ("title",)}


@register(corridor.Indicator)
class IndicatorTexts(TranslationOptions):
    fields = ("label", "unit", "source_note", "source_name")
    required_languages = {"en": ("label",)}


def concrete(base):
    for model in base.__subclasses__():
        if not model._meta.abstract:
            yield model
        yield from concrete(model)


LANGUAGE_NAMES = {"en": _("English"), "zh-hans": _("Chinese")}


def name_each_language(model):
    """Labels as editors read them: "Summary (English)", "简介（中文）" in a Chinese admin."""
    for fields in translator.get_options_for_model(model).all_fields.values():
        for field in fields:
            field.verbose_name = format_lazy(
                _("{field} ({language})"),
                field=field.translated_field.verbose_name,
                language=LANGUAGE_NAMES[field.language],
            )


for model in translator.get_registered_models(abstract=False):
    name_each_language(model)

# The history of each item keeps its texts in each language; the field that reads the
# active language's value (``summary`` beside ``summary_en``) is not a value of its own, nor
# are the search documents made from the texts.
for model in sorted(set(concrete(corridor.TimeStampedModel)), key=lambda m: m.__name__):
    try:
        reading = list(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        reading = []
    derived = list(corridor.DOCUMENT_FIELDS) if hasattr(model, "search_document") else []
    keep_history(model, excluded_fields=["updated_at", *reading, *derived], bases=[HistoryLinks])
