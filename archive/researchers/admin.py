"""Researchers in Wagtail's admin.

- Researcher applications: list (filter by status), inspect, approve (with an expiry date,
  required) or refuse; the applicant gets an e-mail either way. Applications come only from
  the public form: no add or edit view.
- Access grants: one user, one restricted item (or every item under a collection page), until
  a date. Items and collections are chosen with Wagtail's page chooser; the grant stores the
  page's translation key, so it covers every language version.
"""

from __future__ import annotations

from functools import cache

from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser
from wagtail.admin.widgets.button import Button
from wagtail.admin.widgets.button import MenuItem as ListingMenuItem
from wagtail.models import Page

from archive.access import item_models

from .emails import send_decision
from .models import AccessGrant, ResearcherApplication


@cache
def collection_page_models() -> tuple[type[Page], ...]:
    """Page types that hold archive items (testimony index, documentary, residency...)."""
    found = []
    for model in item_models():
        for parent in model.allowed_parent_page_models():
            if parent is not Page and parent not in found:
                found.append(parent)
    return tuple(found)


# --- applications ------------------------------------------------------------------------------
class ApproveForm(forms.Form):
    expires_on = forms.DateField(
        label=gettext_lazy("Access expires on"), widget=AdminDateInput,
        help_text=gettext_lazy("Last day of access, included."),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the applicant"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional; added to the e-mail."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(gettext_lazy("The expiry date is in the past."))
        return value


class RefuseForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the applicant"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional; added to the e-mail."),
    )


class DecisionUrlsMixin:
    approve_url_name = None
    refuse_url_name = None

    def decision_buttons(self, application, cls):
        buttons = []
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return buttons
        buttons.append(cls(_("Approve") if application.status != "approved"
                           else _("Change expiry"),
                           url=reverse(self.approve_url_name, args=[quote(application.pk)]),
                           icon_name="tick", priority=5))
        if application.status != ResearcherApplication.Status.REFUSED:
            buttons.append(cls(_("Refuse") if application.status == "pending"
                               else _("Withdraw access"),
                               url=reverse(self.refuse_url_name, args=[quote(application.pk)]),
                               icon_name="cross", priority=6))
        return buttons


class ApplicationIndexView(DecisionUrlsMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance),
                *self.decision_buttons(instance, ListingMenuItem)]


class ApplicationInspectView(DecisionUrlsMixin, generic.InspectView):
    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *self.decision_buttons(self.object, Button)]

    def get_email_display_value(self):
        return self.object.user.email


class DecisionView(DecisionUrlsMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin,
                   FormView):
    """Approve or refuse one application, then e-mail the applicant."""

    model = ResearcherApplication
    permission_required = "change"
    template_name = "researchers/admin/decision.html"
    header_icon = "user"
    index_url_name = None
    inspect_url_name = None
    decision = ""  # "approve" or "refuse"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(ResearcherApplication.objects.select_related("user"),
                                        pk=kwargs["pk"])

    def get_form_class(self):
        return ApproveForm if self.decision == "approve" else RefuseForm

    def get_initial(self):
        return {"expires_on": self.object.expires_on} if self.decision == "approve" else {}

    def get_page_title(self):
        return _("Approve an application") if self.decision == "approve" \
            else _("Refuse an application")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name),
             "label": ResearcherApplication._meta.verbose_name_plural.capitalize()},
            {"url": reverse(self.inspect_url_name, args=[quote(self.object.pk)]),
             "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.object, decision=self.decision,
                                        **kwargs)

    def form_valid(self, form):
        application = self.object
        with transaction.atomic():
            if self.decision == "approve":
                application.status = ResearcherApplication.Status.APPROVED
                application.expires_on = form.cleaned_data["expires_on"]
            else:
                application.status = ResearcherApplication.Status.REFUSED
                application.expires_on = None
            application.decision_message = form.cleaned_data["message"]
            application.decided_by = self.request.user
            application.decided_at = timezone.now()
            application.save()
        try:
            send_decision(application)
        except Exception:  # the decision stands; the archivist is told to write by hand
            messages.warning(self.request, _("The decision is saved, but the e-mail to %(email)s "
                                             "could not be sent.")
                             % {"email": application.user.email})
        else:
            messages.success(self.request, _("%(name)s: %(status)s; e-mail sent to %(email)s.")
                             % {"name": application.full_name,
                                "status": application.get_status_display(),
                                "email": application.user.email})
        return redirect(self.index_url_name)


class ResearcherApplicationViewSet(ModelViewSet):
    model = ResearcherApplication
    icon = "user"
    menu_label = gettext_lazy("Applications")
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "full_name",  # the title column: links to the application, with its actions
        Column("user", label=gettext_lazy("Account")),
        Column("institution", label=gettext_lazy("Institution")),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("created_at", label=gettext_lazy("Applied"), sort_key="created_at"),
        Column("expires_on", label=gettext_lazy("Expires on"), sort_key="expires_on"),
    ]
    list_filter = ["status"]
    search_fields = ["full_name", "institution"]
    inspect_view_fields = ["full_name", "user", "email", "institution", "purpose", "language",
                           "accepted_terms_at", "created_at", "status", "expires_on",
                           "decided_by", "decided_at", "decision_message"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{
            "add_url_name": None, "edit_url_name": None, "delete_url_name": None,
            "history_url_name": None, "usage_url_name": None,
            "approve_url_name": self.get_url_name("approve"),
            "refuse_url_name": self.get_url_name("refuse"),
            **kwargs,
        })

    @property
    def approve_view(self):
        return self.construct_view(DecisionView, decision="approve")

    @property
    def refuse_view(self):
        return self.construct_view(DecisionView, decision="refuse")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("approve/<int:pk>/", self.approve_view, name="approve"),
            path("refuse/<int:pk>/", self.refuse_view, name="refuse"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(
            codename__in=["view_researcherapplication", "change_researcherapplication"])


# --- grants ------------------------------------------------------------------------------------
class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_username()} <{obj.email}>" if obj.email else obj.get_username()


class AccessGrantForm(WagtailAdminModelForm):
    item_page = forms.ModelChoiceField(
        queryset=Page.objects.all(), required=False, label=gettext_lazy("Item"),
        help_text=gettext_lazy("A testimony, clip or artwork. All its language versions are "
                               "covered."),
    )
    collection_page = forms.ModelChoiceField(
        queryset=Page.objects.all(), required=False, label=gettext_lazy("Or a collection"),
        help_text=gettext_lazy("Every item under this page, now and later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_page"].widget = AdminPageChooser(target_models=item_models())
        self.fields["collection_page"].widget = AdminPageChooser(
            target_models=collection_page_models())
        self.fields["user"] = UserChoiceField(
            queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
            label=gettext_lazy("User"),
        )
        if self.instance.pk:
            page = self.instance.target_page()
            name = "item_page" if self.instance.item_key else "collection_page"
            self.initial[name] = page.pk if page else None

    def clean(self):
        data = super().clean()
        item, collection = data.get("item_page"), data.get("collection_page")
        if bool(item) == bool(collection):
            raise forms.ValidationError(_("Choose an item or a collection (one of them)."))
        if item is not None and not isinstance(item.specific_deferred, item_models()):
            self.add_error("item_page", _("Choose an archive item."))
        if collection is not None and not isinstance(collection.specific_deferred,
                                                     collection_page_models()):
            self.add_error("collection_page", _("Choose a collection of archive items."))
        expires_on = data.get("expires_on")
        if expires_on and expires_on < timezone.localdate() and not self.instance.pk:
            self.add_error("expires_on", _("The expiry date is in the past."))
        # Set before the model's own validation (its constraint: an item or a collection).
        self.instance.item_key = item.translation_key if item else None
        self.instance.collection_key = collection.translation_key if collection else None
        return data

    def save(self, commit=True):
        grant = self.instance
        if grant.granted_by_id is None and self.for_user is not None:
            grant.granted_by = self.for_user
        return super().save(commit=commit)

    class Meta:
        model = AccessGrant
        fields = ["user", "expires_on", "note"]


class AccessGrantViewSet(ModelViewSet):
    model = AccessGrant
    icon = "lock-open"
    menu_label = gettext_lazy("Access grants")
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList([
        FieldPanel("user"),
        FieldPanel("item_page"),
        FieldPanel("collection_page"),
        FieldPanel("expires_on", widget=AdminDateInput),
        FieldPanel("note"),
    ], base_form_class=AccessGrantForm)
    list_display = [
        "user",  # the title column: links to the grant's edit view
        Column("target_title", label=gettext_lazy("Item or collection")),
        Column("kind", label=gettext_lazy("Kind")),
        Column("expires_on", label=gettext_lazy("Expires on"), sort_key="expires_on"),
        Column("granted_by", label=gettext_lazy("Granted by")),
    ]
    list_filter = ["user"]


class ResearchersGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Researchers")
    menu_icon = "group"
    menu_order = 800
    items = (ResearcherApplicationViewSet("researcher_applications"),
             AccessGrantViewSet("access_grants"))
