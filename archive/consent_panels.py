"""The archivists' dashboard panels: consents expired (renew or withdraw) and consents due for
review. Shown only to archivists (`archive.access.is_archivist`)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .access import is_archivist
from .consent_watch import purge_deadline
from .models import ConsentRecord

PANEL_ROWS = 50


class ConsentPanel(Component):
    template_name = "archive/admin/consent_panel.html"
    heading = ""
    explanation = ""

    def records(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        records = list(self.records().select_related("item")[:PANEL_ROWS])
        context.update(heading=self.heading, explanation=self.explanation,
                       records=records, name=self.name,
                       can_withdraw=parent_context["request"].user.has_perm(
                           "archive.withdraw_consent"))
        return context


class ExpiredConsentPanel(ConsentPanel):
    name = "consent_expired"
    order = 90
    heading = _("Consent expired: renew or withdraw")
    explanation = _("These items are hidden from everyone but archivists. Renew the consent "
                    "(a later expiry date) or record its withdrawal; without renewal the item "
                    "is purged on the date shown.")

    def records(self):
        return ConsentRecord.objects.expired().order_by("expires_on")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for record in context["records"]:
            record.deadline = purge_deadline(record)
        return context


class ReviewConsentPanel(ConsentPanel):
    name = "consent_review"
    order = 91
    heading = _("Consent to review")
    explanation = _("Check with the person who gave it that the consent still stands, then set "
                    "the next review date or record the withdrawal.")

    def records(self):
        return ConsentRecord.objects.due_for_review(
            timezone.localdate(), settings.CONSENT_REVIEW_NOTICE_DAYS).order_by("review_on")


def add_consent_panels(request, panels: list) -> None:
    """The `construct_homepage_panels` hook: panels with nothing to show are left out."""
    if not is_archivist(request.user):
        return
    for panel in (ExpiredConsentPanel(), ReviewConsentPanel()):
        if panel.records().exists():
            panels.append(panel)
