"""Researchers: their applications (approved with an expiry date) and grants to restricted items.

Items are named by their Wagtail `translation_key`, which every language version of a page
shares: a grant made on the French testimony covers its English and Bambara versions too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class ResearcherApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="researcher_applications", verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200)
    purpose = models.TextField(_("purpose of the research"))
    accepted_terms_at = models.DateTimeField(_("terms of use accepted at"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The applicant is written to in this language."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    expires_on = models.DateField(
        _("access expires on"), null=True, blank=True,
        help_text=_("Last day of access. Required on approval."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_message = models.TextField(
        _("message to the applicant"), blank=True,
        help_text=_("Included in the e-mail that tells the applicant the decision."),
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    # A keyed hash of the address the application came from: enough to rate-limit, nothing more.
    submitted_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("researcher application")
        verbose_name_plural = _("researcher applications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "status", "expires_on"], name="researcher_active"),
            models.Index(fields=["submitted_from", "created_at"], name="researcher_ratelimit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(expires_on__isnull=False),
                name="researcher_approved_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.institution})"

    @property
    def email(self) -> str:
        return self.user.email


class AccessGrant(models.Model):
    """Access for one user to one restricted item, or to every item under a collection page,
    until `expires_on` (inclusive)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants",
        verbose_name=_("user"),
    )
    item_key = models.UUIDField(_("item"), null=True, blank=True, db_index=True)
    collection_key = models.UUIDField(_("collection"), null=True, blank=True, db_index=True)
    expires_on = models.DateField(_("expires on"), help_text=_("Last day of access."))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_on"], name="grant_user_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(item_key__isnull=False, collection_key__isnull=True)
                           | models.Q(item_key__isnull=True, collection_key__isnull=False)),
                name="grant_item_xor_collection",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target_title()} ({self.expires_on})"

    @property
    def target_key(self):
        return self.item_key or self.collection_key

    def target_page(self) -> Page | None:
        """The item (or collection) page, in the default language when it has one."""
        pages = Page.objects.filter(translation_key=self.target_key).select_related("locale")
        return (pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
                or pages.order_by("locale_id").first())

    def target_title(self) -> str:
        page = self.target_page()
        return page.title if page is not None else str(self.target_key)

    target_title.short_description = _("item or collection")

    def kind(self) -> str:
        return str(_("item")) if self.item_key else str(_("collection"))

    kind.short_description = _("kind")
