"""Codes: a 6-digit code from an authenticator app (TOTP), or a one-time emergency code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_field():
    return forms.CharField(
        label=_("Code"), max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
        help_text=_("The 6-digit code your authenticator app shows, or one of your "
                    "emergency codes."),
    )


def verify_with(devices, token: str):
    """The device that accepts `token`, else a ValidationError (throttled or wrong code)."""
    for device in devices:
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a little before trying again."), code="throttled")
        if device.verify_token(token):
            return device
    raise forms.ValidationError(_("This code is not valid."), code="invalid")


class VerifyForm(forms.Form):
    otp_token = code_field()

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split()).lower()
        # A 6-digit code comes from the authenticator; anything else is an emergency code.
        # Trying only the matching kind keeps a wrong code from throttling the other kind.
        if token.isdigit() and len(token) == 6:
            devices = TOTPDevice.objects.devices_for_user(self.user, confirmed=True)
        else:
            devices = StaticDevice.objects.devices_for_user(self.user, confirmed=True)
        self.device = verify_with(list(devices), token)
        return token


class SetupForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code"), max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
        help_text=_("The 6-digit code your authenticator app shows after scanning."),
    )
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput,
        help_text=_("To make sure it is you who adds this authenticator."),
    )

    def __init__(self, user, device, *args, **kwargs):
        self.user = user
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="password")
        return password

    def clean(self):
        data = super().clean()
        token = "".join(data.get("otp_token", "").split())
        # The code is tried only with the right password: a wrong password neither uses up
        # the code nor counts as a wrong code.
        if token and "password" in data:
            try:
                verify_with([self.device], token)
            except forms.ValidationError as error:
                self.add_error("otp_token", error)
        return data
