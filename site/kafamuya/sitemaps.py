"""`/sitemap.xml`: the public pages of every language, each with its translations as
alternates. Which pages are public is `archive.access.public_pages`'s to say."""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from archive.access import public_pages


def sitemap_pages(site):
    """The pages the sitemap lists: public pages of the site's trees, in every language."""
    roots = site.root_page.get_translations(inclusive=True)
    tree = Page.objects.none()
    for root in roots:
        tree |= Page.objects.descendant_of(root, inclusive=True)
    return public_pages(tree).order_by("path").defer_streamfields().specific()


class PublicSitemap(Sitemap):
    i18n = False  # the pages carry their own language; Django must not multiply them

    def items(self):
        return sitemap_pages(self.get_wagtail_site())

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        by_key = defaultdict(list)
        for item in self.items().filter(translation_key__in={p.translation_key for p in pages}):
            by_key[item.translation_key].append(item)
        urls = []
        for item in pages:
            translations = sorted(by_key[item.translation_key],
                                  key=lambda p: p.locale.language_code)
            urls.append({
                "item": item,
                "location": self.absolute(item),
                "lastmod": item.last_published_at or item.latest_revision_created_at,
                "alternates": [
                    {"lang_code": other.locale.language_code, "location": self.absolute(other)}
                    for other in translations
                ] if len(translations) > 1 else [],
            })
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def absolute(self, page) -> str:
        """On the host that was asked, as the pages' own alternate links are."""
        return self.request.build_absolute_uri(page.get_url_parts(self.request)[2])
