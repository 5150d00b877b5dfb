"""Transcripts in Wagtail's admin: list, edit (segments inline), import, preview and tools.

The edit form is Wagtail's, with the segments as an InlinePanel. Around it:
- "Preview and tools": the media playing with this transcript's captions, the segment list,
  and forms to split, merge, shift and translate (each a service in `operations`);
- "Translate side by side": the source's text beside each segment of a translation;
- "Import a file": WebVTT, SRT or timed text, all or nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.admin.widgets.button import MenuItem as ListingMenuItem

from archive.captions import caption_url, transcript_url
from archive.models import RecordingLanguage, Transcript, TranscriptSegment
from media_pipeline.models import Media

from .exporting import EXPORT_FORMATS
from .fields import TimestampFormField, format_timestamp
from .formats import TranscriptFormatError
from .importing import TranscriptExistsError, import_transcript
from .operations import (
    TranscriptOperationError,
    merge_with_next,
    shift_transcript,
    split_segment,
    translate_transcript,
)


class TranscriptAdminForm(WagtailAdminModelForm):
    """Wagtail's form; after saving, segments are put back in time order."""

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            instance.renumber()
        return instance


# --- forms of the tools page ---------------------------------------------------------------------
class SignedTimestampFormField(TimestampFormField):
    """A duration that may be negative: `-00:00:01.500`, `+2.25`, `-1500ms`."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-").strip()
        if text.replace(".", "", 1).isdigit():  # plain seconds
            seconds, _dot, fraction = text.partition(".")
            return sign * (int(seconds) * 1000 + int((fraction or "0")[:3].ljust(3, "0")))
        return sign * super().to_python(text)


class SplitForm(forms.Form):
    segment = forms.IntegerField(widget=forms.HiddenInput)
    at = TimestampFormField(label=gettext_lazy("Split at"))


class MergeForm(forms.Form):
    segment = forms.IntegerField(widget=forms.HiddenInput)


class ShiftForm(forms.Form):
    delta = SignedTimestampFormField(
        label=gettext_lazy("Shift by"),
        help_text=gettext_lazy("Negative to move earlier: -00:00:01.500, +2.25 (seconds) or "
                               "-1500ms."),
    )
    from_time = TimestampFormField(
        label=gettext_lazy("Only segments starting at or after"), required=False,
    )


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Into"), choices=RecordingLanguage.choices)
    copy_text = forms.BooleanField(
        label=gettext_lazy("Start from the source text"), required=False, initial=True,
        help_text=gettext_lazy("Otherwise the segments start empty."),
    )

    def __init__(self, *args, transcript: Transcript, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(Transcript.objects.for_media(transcript.media)
                    .values_list("language", flat=True))
        self.fields["language"].choices = [
            (code, label) for code, label in RecordingLanguage.choices if code not in taken
        ]


class ImportForm(forms.Form):
    media = forms.ModelChoiceField(label=gettext_lazy("Media"), queryset=Media.objects.all())
    language = forms.ChoiceField(label=gettext_lazy("Language"),
                                 choices=RecordingLanguage.choices)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("WebVTT (.vtt), SRT (.srt) or timed plain text (.txt), UTF-8. "
                               "Timed text: one line per segment, starting with its time, "
                               "like “[00:01:02.500] Awa K.: text”."),
    )
    provenance = forms.ChoiceField(label=gettext_lazy("Provenance"),
                                   choices=Transcript.Provenance.choices)
    replace = forms.BooleanField(
        label=gettext_lazy("Replace an existing transcript in this language"), required=False,
    )


# --- views ---------------------------------------------------------------------------------------
class TranscriptViewMixin:
    """URL names shared by the transcript views (filled in by the viewset)."""

    index_url_name = None
    edit_url_name = None
    tools_url_name = None
    translation_url_name = None
    import_url_name = None

    def url(self, name: str, *args) -> str:
        return reverse(getattr(self, f"{name}_url_name"), args=[quote(a) for a in args])


class TranscriptIndexView(TranscriptViewMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("media")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(ListingMenuItem(
            _("Preview and tools"), url=self.url("tools", instance.pk), icon_name="view",
            priority=15,
        ))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(Button(_("Import a file"), url=self.url("import"),
                                  icon_name="upload", priority=5))
        return buttons


class TranscriptEditView(TranscriptViewMixin, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("Preview and tools"), url=self.url("tools", self.object.pk),
                              icon_name="view", priority=5))
        if self.object.translated_from_id:
            buttons.append(Button(_("Translate side by side"),
                                  url=self.url("translation", self.object.pk),
                                  icon_name="edit", priority=6))
        return buttons


class TranscriptObjectView(TranscriptViewMixin, PermissionCheckedMixin, BaseObjectMixin,
                           WagtailAdminTemplateMixin, TemplateView):
    model = Transcript
    permission_required = "change"
    header_icon = "doc-full"
    title = ""

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.url("index"), "label": Transcript._meta.verbose_name_plural.capitalize()},
            {"url": self.url("edit", self.object.pk), "label": str(self.object)},
            {"url": "", "label": self.title},
        ]


class TranscriptToolsView(TranscriptObjectView):
    """The media playing with this transcript's captions; split, merge, shift, translate."""

    template_name = "archive/admin/transcript_tools.html"
    title = gettext_lazy("Preview and tools")

    def get_context_data(self, **kwargs):
        transcript = self.object
        segments = list(transcript.ordered_segments())
        media = transcript.media
        others = Transcript.objects.for_media(media).exclude(pk=transcript.pk)
        return super().get_context_data(
            transcript=transcript, segments=segments, media=media,
            overlaps=transcript.overlaps(),
            tracks=[{"language": t.language, "label": t.get_language_display(),
                     "src": caption_url(media, t.language), "default": t.pk == transcript.pk}
                    for t in [transcript, *others]],
            exports=[(fmt, transcript_url(media, transcript.language, fmt))
                     for fmt in EXPORT_FORMATS],
            shift_form=kwargs.get("shift_form") or ShiftForm(),
            translate_form=kwargs.get("translate_form") or TranslateForm(transcript=transcript),
            edit_url=self.url("edit", transcript.pk),
            translation_url=(self.url("translation", transcript.pk)
                             if transcript.translated_from_id else None),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        actions = {"split": self.split, "merge": self.merge, "shift": self.shift,
                   "translate": self.translate}
        action = actions.get(request.POST.get("action", ""))
        if action is None:
            return HttpResponseBadRequest("unknown action")
        try:
            return action(request.POST)
        except (TranscriptOperationError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(self.url("tools", self.object.pk))

    def _segment(self, form):
        return get_object_or_404(TranscriptSegment, pk=form.cleaned_data["segment"],
                                 transcript=self.object)

    def _invalid(self, form):
        errors = "; ".join(f"{form.fields[name].label or name}: {' '.join(messages_)}"
                           for name, messages_ in form.errors.items())
        raise ValidationError(errors)

    def split(self, data):
        form = SplitForm(data)
        if not form.is_valid():
            self._invalid(form)
        first, second = split_segment(self._segment(form), form.cleaned_data["at"])
        messages.success(self.request, _("Segment split at %(time)s.")
                         % {"time": format_timestamp(second.start_ms)})
        return redirect(self.url("tools", self.object.pk) + f"#segment-{first.pk}")

    def merge(self, data):
        form = MergeForm(data)
        if not form.is_valid():
            self._invalid(form)
        segment = merge_with_next(self._segment(form))
        messages.success(self.request, _("Segments merged."))
        return redirect(self.url("tools", self.object.pk) + f"#segment-{segment.pk}")

    def shift(self, data):
        form = ShiftForm(data)
        if not form.is_valid():
            self._invalid(form)
        count = shift_transcript(self.object, form.cleaned_data["delta"],
                                 from_ms=form.cleaned_data["from_time"] or 0)
        messages.success(self.request, _("%(count)s segments moved by %(delta)s ms.")
                         % {"count": count, "delta": form.cleaned_data["delta"]})
        return redirect(self.url("tools", self.object.pk))

    def translate(self, data):
        if not self.permission_policy.user_has_permission(self.request.user, "add"):
            raise TranscriptOperationError(_("You may not create transcripts."))
        form = TranslateForm(data, transcript=self.object)
        if not form.is_valid():
            self._invalid(form)
        target = translate_transcript(self.object, form.cleaned_data["language"],
                                      copy_text=form.cleaned_data["copy_text"])
        messages.success(self.request, _("Draft translation created: %(transcript)s.")
                         % {"transcript": target})
        return redirect(self.url("translation", target.pk))


class TranscriptTranslationView(TranscriptObjectView):
    """A translation's segments, each beside the source segment with the same times."""

    template_name = "archive/admin/transcript_translation.html"
    title = gettext_lazy("Translate side by side")

    def rows(self):
        source = self.object.translated_from
        by_time = {}
        if source is not None:
            for segment in source.ordered_segments():
                by_time.setdefault((segment.start_ms, segment.end_ms), segment)
        return [(segment, by_time.get((segment.start_ms, segment.end_ms)))
                for segment in self.object.ordered_segments()]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            transcript=self.object, source=self.object.translated_from, rows=self.rows(),
            tools_url=self.url("tools", self.object.pk), edit_url=self.url("edit", self.object.pk),
            statuses=Transcript.Status.choices, **kwargs,
        )

    def post(self, request, *args, **kwargs):
        changed = []
        for segment, _source in self.rows():
            key = f"text-{segment.pk}"
            if key in request.POST:
                text = request.POST[key].replace("\r\n", "\n").strip()
                if text != segment.text:
                    segment.text = text
                    changed.append(segment)
        TranscriptSegment.objects.bulk_update(changed, ["text"])
        status = request.POST.get("status")
        if status in Transcript.Status.values and status != self.object.status:
            self.object.status = status
        self.object.save()
        messages.success(request, _("Translation saved (%(count)s segments changed).")
                         % {"count": len(changed)})
        return redirect(self.url("translation", self.object.pk))


class TranscriptImportView(TranscriptViewMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin,
                           FormView):
    model = Transcript
    permission_required = "add"
    form_class = ImportForm
    template_name = "archive/admin/transcript_import.html"
    header_icon = "upload"
    page_title = gettext_lazy("Import a transcript")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.url("index"), "label": Transcript._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        upload = data["file"]
        try:
            transcript = import_transcript(
                data["media"], data["language"], upload, filename=upload.name,
                provenance=data["provenance"], replace=data["replace"],
            )
        except TranscriptFormatError as error:
            form.add_error("file", _("%(file)s, line %(line)s: %(message)s")
                           % {"file": upload.name, "line": error.line, "message": error.message})
            return self.form_invalid(form)
        except (TranscriptExistsError, ValueError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Transcript imported: %(transcript)s.")
                         % {"transcript": transcript})
        return redirect(self.url("tools", transcript.pk))


class TranscriptViewSet(ModelViewSet):
    model = Transcript
    icon = "doc-full"
    menu_label = gettext_lazy("Transcripts")
    menu_order = 250
    add_to_admin_menu = True
    edit_handler = ObjectList(Transcript.panels, base_form_class=TranscriptAdminForm)
    list_display = ["__str__", "language", "provenance", "status", "updated_at"]
    list_filter = ["language", "provenance", "status"]
    search_fields = ["media__title"]
    index_view_class = TranscriptIndexView
    edit_view_class = TranscriptEditView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{
            "tools_url_name": self.get_url_name("tools"),
            "translation_url_name": self.get_url_name("translation"),
            "import_url_name": self.get_url_name("import"),
            **kwargs,
        })

    @property
    def tools_view(self):
        return self.construct_view(TranscriptToolsView)

    @property
    def translation_view(self):
        return self.construct_view(TranscriptTranslationView)

    @property
    def import_view(self):
        return self.construct_view(TranscriptImportView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("tools/<int:pk>/", self.tools_view, name="tools"),
            path("translation/<int:pk>/", self.translation_view, name="translation"),
            path("import/", self.import_view, name="import"),
        ]
