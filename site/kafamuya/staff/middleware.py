"""Staff accounts: a second factor before anything else, and session limits.

`RequireStaffSecondFactorMiddleware` (after django-otp's OTPMiddleware): a signed-in user who
may use the admin (staff, superuser, or `wagtailadmin.access_admin`) and has not confirmed a
second factor in this session is sent to enter a code, or to set up an authenticator when
they have none, for every URL, not only /admin/: the public site shows staff restricted
items, so a stolen password alone must open nothing. Only signing in and out, the code and
set-up pages and the admin's static helpers are let through.

`SessionLimitsMiddleware`: a session ends `SESSION_COOKIE_AGE` after sign-in (8 hours) however
busy it is, and a staff session also after `STAFF_SESSION_IDLE_SECONDS` without a request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

SESSION_STARTED_KEY = "kafamuya_signed_in_at"
VERIFY_URL_NAME = "kafamuya_2fa_verify"
SETUP_URL_NAME = "kafamuya_2fa_setup"
ALWAYS_ALLOWED = frozenset({
    VERIFY_URL_NAME, "wagtailadmin_login", "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog", "wagtailadmin_sprite", "wagtailcore_logout",
})


def may_use_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


def needs_second_factor(user) -> bool:
    return (settings.KAFAMUYA_REQUIRE_2FA and may_use_admin(user)
            and not user.is_verified())


class RequireStaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in ALWAYS_ALLOWED:
                has_device = user_has_device(user, confirmed=True)
                if not (url_name == SETUP_URL_NAME and not has_device):
                    target = VERIFY_URL_NAME if has_device else SETUP_URL_NAME
                    return redirect_to_login(request.get_full_path(),
                                             login_url=reverse(target))
        return self.get_response(request)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            started = session.get(SESSION_STARTED_KEY)
            if started is None:
                session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_COOKIE_AGE:
                logout(request)  # the view then sees an anonymous visitor
            if may_use_admin(request.user):
                # Sliding idle limit: each request pushes the end of the session back.
                session.set_expiry(min(settings.STAFF_SESSION_IDLE_SECONDS,
                                       settings.SESSION_COOKIE_AGE))
        return self.get_response(request)
