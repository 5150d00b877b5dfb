"""Staff accounts: a second factor before anything, login throttling, session limits."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kafamuya.staff.middleware import SESSION_STARTED_KEY
from tests.factories import verified_staff_login

PASSWORD = "mot-de-passe-du-personnel-1"


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_superuser("archiviste", "a@example.org", PASSWORD)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- second factor -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/fr/", "/", "/no-such-thing"])
def test_staff_without_a_device_are_sent_to_set_one_up(client, staff, path):
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("kafamuya_2fa_setup") + "?next=")


def test_staff_with_a_device_must_enter_a_code(client, staff):
    StaticDevice.objects.create(user=staff, name="codes", confirmed=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("kafamuya_2fa_verify") + "?next=/admin/"
    # ...and cannot skip to setting up another device.
    response = client.get(reverse("kafamuya_2fa_setup"))
    assert response["Location"].startswith(reverse("kafamuya_2fa_verify"))


def test_verified_staff_reach_the_dashboard(client, staff):
    verified_staff_login(client, staff)
    assert client.get("/admin/").status_code == 200


def test_signed_in_people_who_cannot_use_the_admin_need_no_second_factor(
        client, django_user_model):
    researcher = django_user_model.objects.create_user("chercheuse", "c@example.org", "x")
    client.force_login(researcher)
    assert client.get("/fr/").status_code == 200


def test_setting_up_an_authenticator_then_signing_in_with_codes(client, staff):
    client.force_login(staff)
    setup_url = reverse("kafamuya_2fa_setup") + "?next=/admin/pages/"
    response = client.get(setup_url)
    assert response.status_code == 200
    assert b"<svg" in response.content  # the QR code
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert client.get(setup_url).status_code == 200
    assert TOTPDevice.objects.get(user=staff, confirmed=False) == device  # same key on reload

    response = client.post(setup_url, {"otp_token": current_code(device), "password": "faux",
                                       "next": "/admin/pages/"})
    assert list(response.context["form"].errors) == ["password"]
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    response = client.post(setup_url, {"otp_token": wrong, "password": PASSWORD,
                                       "next": "/admin/pages/"})
    assert list(response.context["form"].errors) == ["otp_token"]
    assert client.get("/admin/").status_code == 302  # not verified yet
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    response = client.post(setup_url, {"otp_token": current_code(device),
                                       "password": PASSWORD, "next": "/admin/pages/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200  # verified for this session
    device.refresh_from_db()
    assert device.confirmed

    # A new session: an emergency code works once.
    client.logout()
    client.force_login(staff)
    verify_url = reverse("kafamuya_2fa_verify") + "?next=/admin/pages/"
    response = client.post(verify_url, {"otp_token": "pas-un-code", "next": "/admin/pages/"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get("/admin/").status_code == 302
    StaticDevice.objects.get(user=staff).throttle_reset()
    response = client.post(verify_url, {"otp_token": codes[0], "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_the_verify_page_does_not_redirect_off_site(client, staff):
    device = StaticDevice.objects.create(user=staff, name="codes", confirmed=True)
    device.token_set.create(token="abcd2345")
    client.force_login(staff)
    response = client.post(reverse("kafamuya_2fa_verify"),
                           {"otp_token": "abcd2345", "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


# --- login throttling ----------------------------------------------------------------------------
def admin_login(client, password, username="archiviste", **extra):
    return client.post(reverse("wagtailadmin_login"),
                       {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_username_from_that_address_for_an_hour(client, staff):
    for _attempt in range(4):
        response = admin_login(client, "mauvais")
        assert response.status_code == 200  # the form again, with its error
    response = admin_login(client, "mauvais", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Connexion bloquée" in body and "60 minutes" in body
    # Locked: even the right password is refused now.
    assert admin_login(client, PASSWORD).status_code == 429
    assert not client.session.get("_auth_user_id")
    # The same username from another address is not locked (many share one address in Mali).
    assert admin_login(client, PASSWORD, REMOTE_ADDR="10.9.8.7").status_code == 302
    client.logout()

    # After the cool-off, the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1, minutes=1))
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(staff.pk)


def test_the_public_sign_in_form_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_user("chercheuse", "c@example.org", PASSWORD)
    url = reverse("wagtailcore_login")
    for _attempt in range(5):
        response = client.post(url, {"username": "chercheuse", "password": "faux"})
    assert response.status_code == 429


def test_the_client_address_behind_the_proxy_is_the_one_nginx_appends(client, staff,
                                                                       settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        response = admin_login(client, "mauvais", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.1")
    assert response.status_code == 429
    # Spoofing the left-hand part changes nothing; another real address is not locked.
    assert admin_login(client, PASSWORD,
                       HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1").status_code == 429
    assert admin_login(client, PASSWORD,
                       HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.2").status_code == 302


# --- sessions ------------------------------------------------------------------------------------
def test_staff_sessions_end_when_idle(client, staff, settings):
    verified_staff_login(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS < 3600


def test_sessions_end_eight_hours_after_sign_in_however_busy(client, staff, settings):
    verified_staff_login(client, staff)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
