from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/verify/", views.VerifyView.as_view(), name="kafamuya_2fa_verify"),
        path("2fa/setup/", views.SetupView.as_view(), name="kafamuya_2fa_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("kafamuya_2fa_setup"),
        "label": _("Two-step verification"),
        "help_text": _("Set up a new authenticator app and new emergency codes."),
    }
