"""Field validators shared by models, forms and spreadsheet imports."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code's 31-character alphabet and check-digit weights.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17):
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    """An 18-character unified social credit code with a valid check character."""
    code = (value or "").strip().upper()
    if len(code) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "except I, O, S, V and Z."
            ),
            code="credit_code_form",
        )
    if not code[8:16].isalnum() or not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the region's six digits."),
            code="credit_code_form",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("This unified social credit code's last character does not match its check digit."),
            code="credit_code_check",
        )


def today():
    """The local date, read at most once a second: imports validate thousands of rows."""
    now = time.time()
    if not 0 <= now - _today[0] < 1:
        _today[:] = [now, timezone.localdate()]
    return _today[1]


_today = [float("-inf"), None]


def validate_not_future_year(value):
    if value is not None and value > today().year:
        raise ValidationError(
            _("The year %(year)s is in the future."), params={"year": value}, code="future_year"
        )


def validate_not_future_date(value):
    if value is not None and value > today():
        raise ValidationError(
            _("The date %(date)s is in the future."),
            params={"date": value.isoformat() if isinstance(value, datetime.date) else value},
            code="future_date",
        )
