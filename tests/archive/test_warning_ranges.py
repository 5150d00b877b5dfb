"""Passages with a content warning: validated in the model and in the admin form, shown before
the player with a link past each one."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from archive.models import ClipPage, TestimonyPage, TestimonyWarningRange
from archive.models.warnings import range_errors

pytestmark = pytest.mark.django_db


def test_a_passage_ends_after_it_starts_and_within_the_recording():
    assert range_errors(1000, 2000, 4.0) == {}
    assert range_errors(1000, 2000, None) == {}
    assert range_errors(2000, 2000)["end_ms"] == "A passage must end after it starts."
    assert "00:00:04.000" in range_errors(1000, 5000, 4.0)["end_ms"]
    assert "00:00:04.000" in range_errors(4000, 5000, 4.0)["start_ms"]


def test_the_model_refuses_a_passage_that_ends_before_it_starts():
    page = TestimonyPage.objects.get(slug="temoignage-fanta", locale__language_code="fr")
    with pytest.raises(ValidationError) as refused:
        TestimonyWarningRange(page=page, start_ms=3000, end_ms=1000, label="x").full_clean()
    assert refused.value.message_dict == {"end_ms": ["A passage must end after it starts."]}


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("editor", "e@example.org", "x")


def edit_form(page, admin, start, end):
    form_class = type(page).get_edit_handler().get_form_class()
    fields = {"title": page.title, "slug": page.slug, "media": page.media_id,
              "access_level": page.access_level, "summary": rich_text(""),
              "warning_ranges": inline_formset([{"start_ms": start, "end_ms": end,
                                                 "label": "Coups"}]),
              "comments": inline_formset([])}
    if isinstance(page, TestimonyPage):
        fields |= {"speaker": page.speaker_id, "recording_language": page.recording_language}
    return form_class(nested_form_data(fields), instance=page, for_user=admin)


def test_the_admin_form_refuses_a_passage_beyond_the_recording(admin):
    page = ClipPage.objects.get(slug="le-depart", locale__language_code="fr")  # 4 s
    form = edit_form(page, admin, "00:00:01", "00:00:09")
    assert not form.is_valid()
    errors = form.formsets["warning_ranges"].forms[0].errors
    assert errors["end_ms"] == ["The recording ends at 00:00:04.000: the passage cannot end "
                                "later."]
    form = edit_form(page, admin, "00:00:03", "00:00:01")
    assert not form.is_valid()
    assert form.formsets["warning_ranges"].forms[0].errors["end_ms"] == [
        "A passage must end after it starts."]
    form = edit_form(page, admin, "00:00:01", "00:00:03.500")
    assert form.is_valid(), form.errors


def test_the_page_warns_before_the_player_with_a_link_past_each_passage(client):
    page = TestimonyPage.objects.get(slug="temoignage-fanta", locale__language_code="fr")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    warning = soup.select_one(".warning")
    assert "Évoque des violences sexuelles." in warning.text
    [passage] = warning.select(".warning-ranges li")
    assert (passage["data-start"], passage["data-end"]) == ("1.5", "3.0")
    assert "0:01–0:03: Décrit une agression" in passage.text
    assert passage.a["href"] == "?t=3#player"
    # Before the player and its skip button, which the script shows during the passage.
    assert warning.find_next(class_="player") is not None or soup.select_one(".media-pending")
