"""The archive in the admin: vocabularies (grouped under one menu item), transcripts, consent
records and their withdrawal; and, for page serving, private responses (`archive.caching`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .caching import private_page_responses
from .consent_panels import add_consent_panels
from .copy_holders import COPY_HOLDERS_ACTION
from .models import ConsentRecord, Partner, Place, Speaker, Theme
from .transcripts.admin_views import TranscriptViewSet
from .withdrawal import WITHDRAW_ACTION
from .withdrawal_views import withdraw_view


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
hooks.register("on_serve_page", private_page_responses)


@hooks.register("register_admin_viewset")
def register_transcript_viewset():
    return TranscriptViewSet("transcript")


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "doc-full"
    menu_label = _("Consent records")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["given_by", "item", "scope", "given_on", "expires_on", "withdrawn_at"]
    list_filter = ["scope", "method"]


register_snippet(ConsentRecordViewSet)
hooks.register("construct_homepage_panels", add_consent_panels)


@hooks.register("register_admin_urls")
def consent_withdrawal_urls():
    return [path("consent/<int:pk>/withdraw/", withdraw_view, name="archive_withdraw_consent")]


@hooks.register("register_snippet_listing_buttons")
def consent_withdrawal_button(snippet, user, next_url=None):
    if isinstance(snippet, ConsentRecord) and snippet.withdrawn_at is None and user.has_perm(
        "archive.withdraw_consent"
    ):
        yield ListingButton(_("Withdraw consent"),
                            reverse("archive_withdraw_consent", args=[snippet.pk]),
                            icon_name="warning", priority=90)


@hooks.register("register_log_actions")
def register_withdrawal_log_action(actions):
    actions.register_action(WITHDRAW_ACTION, _("Withdraw consent"), _("Consent withdrawn"))


@hooks.register("register_log_actions")
def register_copy_holders_log_action(actions):
    @actions.register_action(COPY_HOLDERS_ACTION)
    class CopyHoldersTold(LogFormatter):
        """Shown in the consent record's history: who was asked to delete their copies."""

        label = _("Copy holders asked to delete their copies")

        def format_message(self, log_entry):
            told = log_entry.data.get("told") or []
            if not told:
                return _("No one had downloaded or exported this item.")
            return _("Asked to delete their copies: %(accounts)s") % {
                "accounts": ", ".join(told)}
