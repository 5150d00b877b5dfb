from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from archive import serving as archive_serving
from archive import views as archive_views

from .api import api_router
from .health import healthz
from .sitemaps import PublicSitemap

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("files/<uuid:media_uuid>/original", archive_views.serve_original, name="media-original"),
    path("files/<uuid:media_uuid>/r/<path:path>", archive_serving.serve_rendition,
         name="media-rendition"),
    path("quality", archive_views.choose_quality, name="choose-quality"),
    path("captions/<uuid:media_uuid>/<slug:language>.vtt", archive_views.serve_captions,
         name="media-captions"),
    path("transcripts/<uuid:media_uuid>/<slug:language>.<slug:fmt>",
         archive_views.serve_transcript, name="media-transcript"),
]

if settings.DEBUG:
    # Only derived, public files live under MEDIA_ROOT; originals are in the private store.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would take these paths for pages.
    path("researchers/", include("archive.researchers.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
