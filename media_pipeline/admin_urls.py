"""Admin URLs of the pipeline, under /admin/media-pipeline/ (see wagtail_hooks)."""

from django.urls import path

from . import admin_views

app_name = "media_pipeline_admin"

urlpatterns = [
    path("<int:media_id>/renditions/", admin_views.renditions_view, name="renditions"),
    path("<int:media_id>/retry/", admin_views.retry_processing, name="retry"),
    path("<uuid:media_uuid>/rendition/<slug:profile>/", admin_views.serve_rendition_file,
         name="rendition_file"),
]
