"""Query parameters as the archive reads them: nothing a visitor types may reach the database
in a form it refuses.

- A NUL character anywhere in the path or the query string answers 400 before any view runs
  (`RejectNulMiddleware`): SQLite reads it as the end of a statement's string, PostgreSQL
  refuses it in text, so no view could answer it with anything but an error.
- A whole number (a page id, a page of results) is read by `whole_number`: ASCII digits only
  (`"²".isdigit()` is true, `int("²")` fails) and at most a 64-bit database integer; anything
  else is ignored, as an unknown filter value is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.views.defaults import bad_request

MAX_DATABASE_INTEGER = 2**63 - 1
NUL = "\x00"


def whole_number(value: str | None, maximum: int = MAX_DATABASE_INTEGER) -> int | None:
    """`value` as a non-negative integer no larger than `maximum`, or None."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


class RejectNulMiddleware:
    """400 Bad Request for a NUL character in the path, a query parameter's name or value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or any(
                NUL in name or any(NUL in value for value in values)
                for name, values in request.GET.lists()):
            return bad_request(request, BadRequest("NUL character in the request"))
        return self.get_response(request)
