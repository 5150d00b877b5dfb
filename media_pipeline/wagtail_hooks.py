"""The pipeline in Wagtail's admin: its views, and the history entry of a retried job."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_urls
from .admin_views import RETRY_ACTION


@hooks.register("register_admin_urls")
def register_media_pipeline_urls():
    return [path("media-pipeline/", include(admin_urls))]


@hooks.register("register_log_actions")
def register_media_pipeline_log_actions(actions):
    actions.register_action(RETRY_ACTION, _("Retry processing"),
                            _("Processing queued again"))
