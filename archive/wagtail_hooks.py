"""The archive in the admin: vocabularies (grouped under one menu item) and transcripts."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Partner, Place, Speaker, Theme
from .transcripts.admin_views import TranscriptViewSet


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    list_display = ["name", "acronym"]


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["pseudonym", "age_range", "status"]
    list_filter = ["age_range", "status"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "list-ul"
    menu_order = 300
    items = (ThemeViewSet, PlaceViewSet, PartnerViewSet, SpeakerViewSet)


register_snippet(VocabularyGroup)


@hooks.register("register_admin_viewset")
def register_transcript_viewset():
    return TranscriptViewSet("transcript")
