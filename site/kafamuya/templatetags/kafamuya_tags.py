"""Template tags for the public site's frame: languages, alternates and navigation."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when the page has no version in that language


def _home_for(locale: Locale, request) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)


def _live_translations(page: Page) -> dict[str, Page]:
    return {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language: the same page in that language, else that language's home."""
    request = context["request"]
    page = context.get("page")
    translations = _live_translations(page) if isinstance(page, Page) else {}
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        if url is None:
            home = _home_for(Locale.objects.filter(language_code=code).first(), request)
            url = home.get_url(request) if home else f"/{code}/"
        links.append(LanguageLink(code, name, url, code == current, target is not None))
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every live translation of the page, plus x-default."""
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    request = context["request"]
    translations = _live_translations(page)
    # Absolute on the host that was asked, whatever the Site record's hostname says.
    links = [(code, request.build_absolute_uri(p.get_url_parts(request)[2]))
             for code, p in translations.items()]
    default = dict(links).get(settings.LANGUAGE_CODE)
    if default is not None:
        links.append(("x-default", default))
    return links


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[Page]:
    """The sections under the current language's home page."""
    request = context["request"]
    home = _home_for(Locale.get_active(), request)
    if home is None:
        return []
    return list(home.get_children().live().in_menu())


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    return _home_for(Locale.get_active(), context["request"])
