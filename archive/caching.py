"""Pages are never reused without asking, and those that depend on who is asking are never
kept by shared caches.

Every page shows what the access policy lets through now (an item, a listing of items, a quote
of one), so a browser may keep a page only to ask again before showing it (`no-cache`): after a
withdrawal, the next view is the one that counts.

Wagtail itself marks only pages behind a Wagtail view restriction (`never_cache`); a page
served by Wagtail otherwise carries no Cache-Control, and a shared cache (a CDN, a proxy) may
store it and hand it to the next visitor. So every page response gets `Cache-Control: private`
when:
  - it is served to a signed-in viewer: only they may see non-public items (a researchers'
    testimony, an archivist's view of anything), and anonymous visitors all see the same thing;
  - it embeds a non-public item (a story's clip excerpt or testimony quote): its HTML differs
    between viewers, whoever this one is (`mark_viewer_dependent`, called by the blocks).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

VIEWER_DEPENDENT = "_archive_viewer_dependent"


def mark_viewer_dependent(request: HttpRequest | None) -> None:
    """Say that the response to `request` shows something that depends on the viewer."""
    if request is not None:
        setattr(request, VIEWER_DEPENDENT, True)


def set_cache_control(request: HttpRequest, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    patch_cache_control(response, no_cache=True)
    if getattr(request, VIEWER_DEPENDENT, False) or (user is not None
                                                     and user.is_authenticated):
        patch_cache_control(response, private=True)
    elif (settings.EDGE_CACHE_SECONDS and response.status_code == 200
          and "private" not in response.get("Cache-Control", "")
          and not response.cookies):
        # The same page for every anonymous visitor: the edge (nginx) may keep it briefly, and
        # is told to forget it when it changes (archive.edge_cache). Browsers still revalidate.
        response["X-Accel-Expires"] = str(settings.EDGE_CACHE_SECONDS)


def private_page_responses(serve: Callable) -> Callable:
    """Wagtail's `on_serve_page` hook. A template response is checked once rendered, since the
    blocks that embed items decide while it renders."""

    def inner(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if getattr(response, "is_rendered", True):
            set_cache_control(request, response)
        else:
            response.add_post_render_callback(
                lambda rendered: set_cache_control(request, rendered))
        return response

    return inner
