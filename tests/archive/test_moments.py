"""Moments in URLs (`?t=`) and on screen."""

import pytest
from django.http import QueryDict

from archive.moments import clock, moment_query, moment_value, parse_moment


@pytest.mark.parametrize(("value", "seconds"), [
    ("90", 90), ("90.5", 90.5), ("1:30", 90), ("01:02:03", 3723), ("0:05.5", 5.5),
    (" 12 ", 12),
])
def test_moments_are_read_as_seconds_or_clocks(value, seconds):
    assert parse_moment(value) == seconds


@pytest.mark.parametrize("value", [None, "", "-5", "abc", "1:75", "1e9", "90s", "1:2:3:4",
                                   "100000"])
def test_anything_else_is_no_moment(value):
    assert parse_moment(value) is None


def test_a_moment_keeps_the_other_parameters_of_the_page():
    query = QueryDict("chapter=l-attente&t=12&lang=en")
    assert moment_query(query, 75.04) == "?chapter=l-attente&t=75&lang=en"
    assert moment_value(1.25) == "1.2" and moment_value(3.0) == "3"


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (5.9, "0:05"), (75, "1:15"),
                                                (3723, "1:02:03")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown
