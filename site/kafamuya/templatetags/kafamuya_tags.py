"""Template tags for the public site's frame: languages, alternates and navigation."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale, Page, Site

from archive.access import visible_pages
from archive.moments import clock

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


def _live_translations(page: Page, request) -> dict[str, Page]:
    """The page's live language versions the viewer may be shown: itself, and those the access
    policy opens that are not behind a view restriction (never named before it is passed)."""
    translations = visible_pages(getattr(request, "user", None),
                                 page.get_translations().live())
    return {p.locale.language_code: p
            for p in [*([page] if page.live else []), *translations.select_related("locale")]}


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language: the same page in that language, else that language's home."""
    request = context["request"]
    page = context.get("page")
    translations = _live_translations(page, request) if isinstance(page, Page) else {}
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
    translations = _live_translations(page, request)
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
    return listed_children(home, request)


def listed_children(page: Page, request) -> list[Page]:
    """The page's live children shown in menus, as the viewer may be shown them."""
    return list(visible_pages(getattr(request, "user", None),
                              page.get_children().live().in_menu()))


@register.simple_tag(takes_context=True)
def menu_children(context, page: Page) -> list[Page]:
    return listed_children(page, context["request"])


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    return _home_for(Locale.get_active(), context["request"])


@register.filter
def timecode(seconds) -> str:
    """Seconds as `m:ss` (or `h:mm:ss`), as players show a position."""
    try:
        return clock(float(seconds))
    except (TypeError, ValueError):
        return ""


# OpenGraph locales of the site's languages (language_TERRITORY, as OpenGraph expects).
OPENGRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB", "bm": "bm_ML"}
DESCRIPTION_FIELDS = ("search_description", "intro", "summary", "description", "tagline")
IMAGE_FIELDS = ("image", "poster")


@register.filter(name="description")
def page_description(page: Page) -> str:
    """The first non-empty of the page's description fields, as plain text (200 characters)."""
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return Truncator(strip_tags(value).strip()).chars(200)
    return ""


def page_image(page: Page):
    """The image that stands for the page: its main image or poster, else the first image of
    an `images` stream."""
    for name in IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            return image
    for block in getattr(page, "images", None) or []:
        if hasattr(block.value, "get_rendition"):
            return block.value
    return None


@register.inclusion_tag("includes/opengraph.html", takes_context=True)
def opengraph(context) -> dict:
    """OpenGraph tags for sharing: title, description, image when the page has one, locale."""
    request = context.get("request")
    if request is None:
        return {"og": {}}
    page = context.get("page")
    language = translation.get_language()
    tags = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "locale": OPENGRAPH_LOCALES.get(language, language),
        "alternate_locales": [OPENGRAPH_LOCALES.get(code, code) for code, _ in settings.LANGUAGES
                              if code != language],
        "url": request.build_absolute_uri(request.path),
    }
    if not isinstance(page, Page):
        return {"og": tags}
    tags.update(
        title=page.seo_title or page.title,
        description=page_description(page),
        type="article" if page.specific_class.__name__ == "StoryPage" else "website",
    )
    image = page_image(page)
    if image is not None:
        rendition = image.get_rendition("fill-1200x630-c75|format-jpeg")
        tags["image"] = {"url": request.build_absolute_uri(rendition.url),
                         "width": rendition.width, "height": rendition.height,
                         "alt": getattr(rendition, "alt", "")}
    return {"og": tags}


@register.filter
def cover(page):
    """The image that stands for a page in a listing (see `page_image`), or None."""
    return page_image(page)
