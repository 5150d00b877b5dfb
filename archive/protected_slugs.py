"""A page behind a Wagtail view restriction gets a neutral slug (`page-<id>`), and so do the
pages under it: a slug is made from the title, and the address of a protected page is named
where the page itself is not (links shared, logs, a browser's history).

Changed by queryset updates, page and revisions alike, so that Wagtail keeps no redirect from
the old address (which would keep the title) and a later publish does not bring it back.
"""

from wagtail.models import Page, PageViewRestriction, Revision


def neutral_slug(page: Page) -> str:
    return f"page-{page.pk}"


def neutralise_slugs(restricted: Page) -> None:
    """Give `restricted` and every page under it a neutral slug (parents first)."""
    for page in Page.objects.descendant_of(restricted, inclusive=True).order_by("path"):
        slug = neutral_slug(page)
        if page.slug == slug:
            continue
        url_path = f"{page.get_parent().url_path}{slug}/"
        Page.objects.filter(pk=page.pk).update(slug=slug, url_path=url_path)
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
            revision.content.update(slug=slug, url_path=url_path)
            revision.save(update_fields=["content"])


def on_restriction_saved(sender, instance: PageViewRestriction, **kwargs) -> None:
    neutralise_slugs(instance.page)
