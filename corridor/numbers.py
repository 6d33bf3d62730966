"""Numbers and amounts as each language writes them.

English groups thousands and names large amounts in millions and billions (``10 billion
yuan``); Chinese writes digits ungrouped and large amounts in 万 (10⁴) and 亿 (10⁸)
(``100亿元``). Separators come from the format modules in ``g60site/formats``.
"""

from decimal import Decimal

from django.utils import formats, translation

CHINESE_SCALES = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
ENGLISH_SCALES = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
CURRENCY_NAMES = {"CNY": ("yuan", "元"), "USD": ("US dollars", "美元")}


UNIT_SCALES = (
    ("billion", Decimal(10) ** 9),
    ("million", Decimal(10) ** 6),
    ("thousand", Decimal(10) ** 3),
    ("亿", Decimal(10) ** 8),
    ("万", Decimal(10) ** 4),
    ("千", Decimal(10) ** 3),
)


def unit_scale(unit):
    """How many ones a unit's first word counts: ``billion yuan`` 10⁹, ``万元`` 10⁴, ``km²`` 1."""
    unit = (unit or "").strip().lower()
    return next((size for word, size in UNIT_SCALES if unit.startswith(word)), Decimal(1))


def chinese():
    return (translation.get_language() or "").startswith("zh")


def plain(value):
    """``76,200`` or ``3.55`` in English, ``76200`` in Chinese; no trailing zeros."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def scaled(value):
    """``(number, scale word)`` in the page's language: ``(10, "billion")``, ``(100, "亿")``."""
    number = Decimal(value)
    for size, word in CHINESE_SCALES if chinese() else ENGLISH_SCALES:
        if abs(number) >= size:
            return (number / size).quantize(Decimal("0.01")), word
    return number, ""


def amount(value, currency="CNY"):
    """An amount of money: ``10 billion yuan`` / ``100亿元``, ``2.5 million US dollars``."""
    if value is None or value == "":
        return ""
    number, word = scaled(value)
    english, chinese_name = CURRENCY_NAMES.get(currency, (currency, currency))
    if chinese():
        return f"{plain(number)}{word}{chinese_name}"
    return " ".join(part for part in (plain(number), word, english) if part)
