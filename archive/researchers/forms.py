"""The public application form: an account (username, e-mail, password) and the application."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class ResearcherApplicationForm(UserCreationForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    institution = forms.CharField(
        label=_("Institution"), max_length=200,
        help_text=_("University, research centre or organisation you work for."),
    )
    purpose = forms.CharField(
        label=_("Purpose of your research"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you are researching, and how you will use the testimonies."),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of use above."), required=True,
        error_messages={"required": _("You must accept the terms of use to apply.")},
    )
    # Left empty by people; bots that fill every field are turned away quietly.
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    field_order = ["full_name", "institution", "purpose", "username", "email", "password1",
                   "password2", "accept_terms", "website"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("We write to you here when your application is "
                                           "decided.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this e-mail address."), code="duplicate_email")
        return email

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
