from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from archive import views as archive_views

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("files/<uuid:media_uuid>/original", archive_views.serve_original, name="media-original"),
    path("captions/<uuid:media_uuid>/<slug:language>.vtt", archive_views.serve_captions,
         name="media-captions"),
    path("transcripts/<uuid:media_uuid>/<slug:language>.<slug:fmt>",
         archive_views.serve_transcript, name="media-transcript"),
]

if settings.DEBUG:
    # Only derived, public files live under MEDIA_ROOT; originals are in the private store.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
