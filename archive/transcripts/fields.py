"""Times stored as integer milliseconds, edited as `00:01:02.500` in forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formats import format_timestamp, parse_timestamp


class TimestampInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": "00:00:00.000", "size": 14, "inputmode": "decimal",
                          **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_timestamp(value)
        return super().format_value(value)


class TimestampFormField(forms.Field):
    """Reads `[h:]mm:ss[.fff]` (or `1234ms`) into milliseconds."""

    widget = TimestampInput
    default_error_messages = {
        "invalid": _("Enter a time like 00:01:02.500 (hours:minutes:seconds.milliseconds)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        value = str(value).strip()
        if value.endswith("ms") and value[:-2].strip().isdigit():
            return int(value[:-2])
        try:
            return parse_timestamp(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return format_timestamp(value) if isinstance(value, int) else value


class MillisecondsField(models.PositiveIntegerField):
    """A time within a media, in whole milliseconds (exact, unlike floats of seconds)."""

    def formfield(self, **kwargs):
        # Skips IntegerField.formfield, whose min_value and max_value a time field has no use for.
        return models.Field.formfield(self, **{"form_class": TimestampFormField, **kwargs})
