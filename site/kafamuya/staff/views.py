"""Two-step verification pages in the admin: enter a code; set up an authenticator app.

Set-up shows a QR code (and the key, to type in), asks for a first code and the password,
then replaces the user's authenticator and emergency codes and shows the new emergency codes
once. A staff member who lost their phone signs in with an emergency code and sets up again;
an administrator can issue one with `manage.py addstatictoken USERNAME`.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import SetupForm, VerifyForm
from .middleware import VERIFY_URL_NAME, may_use_admin

EMERGENCY_CODES = 10


class NextMixin:
    def next_url(self) -> str:
        target = self.request.POST.get(REDIRECT_FIELD_NAME,
                                       self.request.GET.get(REDIRECT_FIELD_NAME, ""))
        if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={self.request.get_host()},
                require_https=self.request.is_secure()):
            return target
        return resolve_url("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class VerifyView(NextMixin, FormView):
    template_name = "staff/verify.html"
    form_class = VerifyForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if request.user.is_verified():
            return redirect(self.next_url())
        if not user_has_device(request.user, confirmed=True):
            return redirect(f"{reverse('kafamuya_2fa_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(self.next_url())


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class SetupView(NextMixin, FormView):
    template_name = "staff/setup.html"
    form_class = SetupForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not may_use_admin(user):
            return redirect("wagtailadmin_home")
        if user_has_device(user, confirmed=True) and not user.is_verified():
            # Replacing an authenticator needs the current one (or an emergency code).
            return redirect_to_login(request.get_full_path(), reverse(VERIFY_URL_NAME))
        self.device = self.pending_device()
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self) -> TOTPDevice:
        """The authenticator being set up: kept across reloads so a scanned code stays valid."""
        device = TOTPDevice.objects.devices_for_user(self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name="Authenticator",
                                               confirmed=False)
        return device

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs):
        image = qrcode.make(self.device.config_url,
                            image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        return super().get_context_data(
            qr_svg=image.to_string(encoding="unicode"),
            secret=b32encode(self.device.bin_key).decode(),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            self.device.confirmed = True
            self.device.save()
            TOTPDevice.objects.filter(user=user).exclude(pk=self.device.pk).delete()
            StaticDevice.objects.filter(user=user).delete()
            emergency = StaticDevice.objects.create(user=user, name="Emergency codes")
            codes = [StaticToken.random_token() for _ in range(EMERGENCY_CODES)]
            StaticToken.objects.bulk_create(
                [StaticToken(device=emergency, token=code) for code in codes])
        otp_login(self.request, self.device)
        return render(self.request, "staff/setup_done.html",
                      {"codes": codes, "next": self.next_url(),
                       "title": _("Two-step verification is on")})
