"""Every page type renders in every language."""

import pytest
from django.apps import apps
from wagtail.models import Page, get_page_models

SITE_LANGUAGES = ["fr", "en", "bm"]


def project_page_models():
    ours = {apps.get_app_config("archive"), apps.get_app_config("pages")}
    return [m for m in get_page_models() if apps.get_app_config(m._meta.app_label) in ours]


@pytest.mark.django_db
def test_demo_has_every_page_type_in_every_language():
    for model in project_page_models():
        languages = set(
            model.objects.live().values_list("locale__language_code", flat=True).distinct()
        )
        assert languages == set(SITE_LANGUAGES), f"{model.__name__} exists in {languages}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_every_live_page_renders(client, language):
    pages = Page.objects.live().filter(depth__gt=1, locale__language_code=language).specific()
    seen_types = set()
    for page in pages:
        url = page.get_url()
        assert url.startswith(f"/{language}/"), url
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        assert f'<html lang="{language}">' in response.content.decode()
        seen_types.add(type(page))
    assert seen_types == set(project_page_models())


@pytest.mark.django_db
def test_english_pages_show_english_content(client):
    response = client.get("/en/testimonies/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The road from Mopti" in body
    assert "Le chemin de Mopti" not in body


@pytest.mark.django_db
def test_story_embeds_show_a_placeholder_for_an_unpublished_clip(client):
    from archive.models import ClipPage
    from kafamuya.pages.models import StoryPage

    story = StoryPage.objects.filter(locale__language_code="fr").first()
    clip = ClipPage.objects.get(id=story.body[1].value["clip"].id)
    assert clip.title in client.get(story.url).content.decode()
    clip.unpublish()
    body = client.get(story.url).content.decode()
    assert clip.title not in body
    assert "Cet extrait n'est pas disponible." in body


@pytest.mark.django_db
def test_unknown_page_is_a_translated_404(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
