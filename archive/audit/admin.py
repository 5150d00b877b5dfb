"""The audit log in Wagtail's admin: list, filter, inspect and export (CSV, XLSX); nothing else.

Archivists need the `audit.view_auditentry` permission (superusers have it). There is no add,
edit or delete view: the log is append-only. Exports are themselves recorded in the log.
"""

from __future__ import annotations

import uuid

import django_filters
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from .models import Action, AuditEntry, Surface
from .services import record_access

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (usernames are chosen by applicants)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def with_item_titles(queryset):
    """Annotate `item_title`: the item's title in the default language, else in any."""
    pages = Page.objects.filter(translation_key=OuterRef("item_key"))
    default = pages.filter(locale__language_code=settings.LANGUAGE_CODE)
    return queryset.annotate(item_title=Coalesce(
        Subquery(default.values("title")[:1]),
        Subquery(pages.order_by("locale_id").values("title")[:1]),
    ))


class AuditEntryFilterSet(WagtailFilterSet):
    user = django_filters.CharFilter(label=_("User"), method="filter_user",
                                     help_text=_("All or part of the user name."))
    item = django_filters.CharFilter(
        label=_("Item"), method="filter_item",
        help_text=_("Part of the item's title, or its translation key."),
    )
    surface = django_filters.ChoiceFilter(label=_("Surface"), choices=Surface.choices)
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices)
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = ["user", "item", "surface", "action", "at"]

    def filter_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(user_label__icontains=value) if value else queryset

    def filter_item(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        try:
            return queryset.filter(item_key=uuid.UUID(value))
        except ValueError:
            keys = Page.objects.filter(title__icontains=value).values("translation_key")
            return queryset.filter(item_key__in=keys)


class AuditIndexView(generic.IndexView):
    default_ordering = "-at"
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {"csv": csv_safe},
    }

    def get_base_queryset(self):
        return with_item_titles(super().get_base_queryset())

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record_access(self.request, item_key=None, media_id=None, surface="export",
                      action="export",
                      detail=f"audit log ({spreadsheet_format}) {self.request.GET.urlencode()}")
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return with_item_titles(AuditEntry.objects.filter(pk=self.pk)).get()

    def get_field_label(self, field_name, field):
        if field_name == "item_title":
            return _("Item title")
        return super().get_field_label(field_name, field)

    def get_item_title_display_value(self):
        return self.object.item_title or "-"


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 810
    add_to_admin_menu = True
    # No reference-index rows (nor tasks) for each entry: recording stays one INSERT.
    add_to_reference_index = False
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = AuditEntryFilterSet
    list_per_page = 50
    list_display = [
        "at",  # the title column: links to the entry
        Column("user_label", label=_("User")),
        Column("item_title", label=_("Item")),
        Column("get_surface_display", label=_("Surface")),
        Column("get_action_display", label=_("Action")),
        Column("detail", label=_("Detail")),
    ]
    list_export = ["at", "user_label", "user_id", "item_key", "item_title", "media_id",
                   "surface", "action", "detail"]
    export_headings = {"user_id": _("user id"), "item_title": _("item title"),
                       "item_key": _("item key"), "media_id": _("media id")}
    export_filename = "kafamuya-audit-log"
    inspect_view_fields = ["at", "user_label", "user", "item_key", "item_title", "media_id",
                           "surface", "action", "detail"]

    def get_common_view_kwargs(self, **kwargs):
        # Append-only: no add, edit, delete, copy, history or usage views to link to.
        return super().get_common_view_kwargs(**{
            "add_url_name": None, "edit_url_name": None, "delete_url_name": None,
            "history_url_name": None, "usage_url_name": None, **kwargs,
        })

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_auditentry")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]
