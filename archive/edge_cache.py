"""Telling the edge cache (nginx's proxy_cache, deploy/nginx) to forget what an item changed.

Anonymous visitors may get a public page from the edge for EDGE_CACHE_SECONDS
(archive.caching). When an archive item is published or unpublished (a withdrawal unpublishes
every language version), the edge must forget the item's own pages and every page that lists
it: its ancestors (the listings, the home page) and the documentary's chapter list. Wagtail's
frontend cache app purges the page itself inside the publishing transaction; this purges all
of them again once the transaction has committed, so that a request served in between cannot
put the old page back for the cache's lifetime.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from archive.models import DocumentaryPage
from archive.models.base import ArchiveItem


def pages_showing(page: Page) -> list[Page]:
    return [page, *page.get_ancestors().filter(depth__gt=1).specific(),
            *DocumentaryPage.objects.live().specific()]


def purge_after_commit(sender, instance: Page, **kwargs) -> None:
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_pages(pages_showing(instance))
    transaction.on_commit(batch.purge)


def connect() -> None:
    for model in ArchiveItem.__subclasses__():
        for signal in (page_published, page_unpublished):
            signal.connect(purge_after_commit, sender=model,
                           dispatch_uid=f"archive.edge_cache.{model.__name__}.{id(signal)}")
