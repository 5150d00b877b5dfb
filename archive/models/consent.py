"""Consent: what each person agreed to, and the access level every archive item is given.

A consent record belongs to an archive item through the item's translation key, which all its
language versions share: one record governs the French, English and Bambara pages alike.
Every change is kept as a revision (who, when, what) and shown in the record's history.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, RevisionMixin

from media_pipeline.storage import private_storage

from .base import RecordingLanguage


class ConsentScope(models.TextChoices):
    PUBLIC_WEB = "public", _("Public web")
    RESEARCHERS = "researchers", _("Researchers only")
    INTERNAL = "internal", _("Internal only")


class ConsentUse(models.TextChoices):
    DOCUMENTARY = "documentary", _("Documentary")
    RESEARCH = "research", _("Research")
    PRESS = "press", _("Press")
    EXHIBITION = "exhibition", _("Exhibition")


def signed_form_path(instance: "ConsentRecord", filename: str) -> str:
    import uuid
    from pathlib import PurePath

    return f"consent/{uuid.uuid4()}{PurePath(filename).suffix.lower()[:10]}"


class ConsentRecordForm(WagtailAdminModelForm):
    """Permitted uses as checkboxes (the model keeps them as a JSON list)."""

    permitted_uses = forms.MultipleChoiceField(
        label=_("permitted uses"), choices=ConsentUse.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the person agreed to: a clip needs “Documentary”, the researchers "
                    "level “Research”, an excerpt in a story “Press”."),
    )


class ConsentRecordQuerySet(models.QuerySet):
    def in_force(self, on=None) -> "ConsentRecordQuerySet":
        """Records neither withdrawn nor past their expiry date."""
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True).exclude(expires_on__lt=on)

    def expired(self, on=None) -> "ConsentRecordQuerySet":
        """Records not withdrawn whose expiry date has passed: hidden, to renew or withdraw."""
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, expires_on__lt=on)

    def due_for_review(self, on=None, notice_days: int = 0) -> "ConsentRecordQuerySet":
        """Records in force whose review date is at most `notice_days` days after `on`."""
        on = on or timezone.localdate()
        return self.in_force(on).filter(
            review_on__isnull=False, review_on__lte=on + datetime.timedelta(days=notice_days))


class ConsentRecord(RevisionMixin, models.Model):
    class Method(models.TextChoices):
        WRITTEN = "written", _("Written, signed")
        ORAL_RECORDED = "oral", _("Oral, recorded")
        OTHER = "other", _("Other")

    item = models.ForeignKey(
        Page, on_delete=models.PROTECT, related_name="+", verbose_name=_("archive item"),
        help_text=_("The testimony, clip or artwork (any language version)."),
    )
    item_key = models.UUIDField(editable=False, db_index=True)
    given_by = models.CharField(_("given by (pseudonym)"), max_length=120)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    language = models.CharField(_("language"), max_length=8, choices=RecordingLanguage.choices)
    interpreter = models.CharField(_("interpreter"), max_length=120, blank=True)
    scope = models.CharField(_("scope"), max_length=12, choices=ConsentScope.choices)
    permitted_uses = models.JSONField(_("permitted uses"), default=list, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Conditions: what the public versions must hide (archive.consent_conditions).
    require_voice_altered = models.BooleanField(_("voice altered"), default=False)
    require_face_blurred = models.BooleanField(_("face blurred"), default=False)
    require_pseudonym = models.BooleanField(
        _("first name only or pseudonym"), default=False,
        help_text=_("The speaker is shown by one word: a first name or a pseudonym."))
    require_region_only = models.BooleanField(_("no place finer than the region"), default=False)
    signed_form = models.FileField(
        _("signed form"), upload_to=signed_form_path, storage=private_storage, blank=True,
        help_text=_("Private: only archivists can open it."),
    )
    notes = models.TextField(_("notes"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)
    keep_original_sealed = models.BooleanField(
        _("keep the original sealed after withdrawal"), default=False,
        help_text=_("If set, the original recording is kept (private) when consent is withdrawn; "
                    "otherwise it is deleted."),
    )
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The `review_on` date for which archivists were last sent a review notice: one notice per
    # review date, however many days the daily watch runs before it (archive.consent_watch).
    review_notice_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsentRecordQuerySet.as_manager()
    base_form_class = ConsentRecordForm

    panels = [
        FieldPanel("item"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("given_by"), FieldPanel("given_on")]),
            FieldRowPanel([FieldPanel("method"), FieldPanel("language"),
                           FieldPanel("interpreter")]),
        ], heading=_("Who, when, how")),
        MultiFieldPanel([
            FieldPanel("scope"), FieldPanel("permitted_uses"),
            FieldRowPanel([FieldPanel("review_on"), FieldPanel("expires_on")]),
        ], heading=_("What was agreed")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("require_voice_altered"),
                           FieldPanel("require_face_blurred")]),
            FieldRowPanel([FieldPanel("require_pseudonym"), FieldPanel("require_region_only")]),
        ], heading=_("Conditions"),
            help_text=_("Publishing is refused until the item meets them.")),
        FieldPanel("signed_form"),
        FieldPanel("keep_original_sealed"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_on"]
        permissions = [
            ("withdraw_consent", _("Can record the withdrawal of consent")),
            # Archivists: they see every item whatever its access level, embargo or consent.
            ("view_all_items", _("Can see every archive item, whatever its access")),
        ]

    def __str__(self) -> str:
        state = _("withdrawn") if self.withdrawn_at else self.get_scope_display()
        return f"{self.given_by} · {self.given_on} · {state}"

    def save(self, *args, **kwargs) -> None:
        self.item_key = self.item.translation_key
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        unknown = set(self.permitted_uses or ()) - set(ConsentUse.values)
        if unknown:
            raise ValidationError({"permitted_uses": _("Unknown use: %(uses)s.") % {
                "uses": ", ".join(sorted(map(str, unknown)))}})
