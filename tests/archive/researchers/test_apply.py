"""The public application form, in French, English and Bambara."""

import pytest
from django.contrib.auth import get_user_model

from archive.researchers.models import ResearcherApplication

VALID = {
    "full_name": "Fatoumata Diarra",
    "institution": "Université des Lettres et des Sciences Humaines de Bamako",
    "purpose": "Une thèse sur l'accès à la justice des femmes déplacées.",
    "username": "fdiarra",
    "email": "f.diarra@example.org",
    "password1": "tamarinier-du-fleuve-42",
    "password2": "tamarinier-du-fleuve-42",
    "accept_terms": "on",
    "website": "",
}


def url(language):
    return f"/{language}/researchers/apply/"


def nothing_saved(users_before):
    return (get_user_model().objects.count() == users_before
            and not ResearcherApplication.objects.exists())


@pytest.mark.parametrize(("language", "texts"), [
    ("fr", ["Demander un accès chercheur", "Nom complet", "Conditions d’utilisation",
            "J’ai lu et j’accepte les conditions d’utilisation ci-dessus."]),
    ("en", ["Apply for researcher access", "Full name", "Terms of use",
            "I have read and accept the terms of use above."]),
    # Bambara: the interface falls back to French until translators fill in the catalog.
    ("bm", ["Demander un accès chercheur", "Nom complet", "Conditions d’utilisation"]),
])
@pytest.mark.django_db
def test_the_form_speaks_each_language(client, language, texts):
    response = client.get(url(language))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    for text in texts:
        assert text in body, text
    for name in ["full_name", "institution", "purpose", "username", "email", "password1",
                 "password2", "accept_terms"]:
        assert f'name="{name}"' in body


@pytest.mark.parametrize("language", ["fr", "en", "bm"])
@pytest.mark.django_db
def test_applying_creates_an_account_and_a_pending_application(client, language):
    response = client.post(url(language), VALID)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/researchers/applied/"
    user = get_user_model().objects.get(username="fdiarra")
    assert user.email == "f.diarra@example.org"
    assert user.check_password("tamarinier-du-fleuve-42")
    assert not user.is_staff and not user.is_superuser
    application = user.researcher_applications.get()
    assert application.status == ResearcherApplication.Status.PENDING
    assert application.expires_on is None
    assert (application.full_name, application.institution) == (
        VALID["full_name"], VALID["institution"])
    assert application.language == language
    assert application.accepted_terms_at is not None
    assert application.submitted_from and "127.0.0.1" not in application.submitted_from
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(("change", "field"), [
    ({"accept_terms": None}, "accept_terms"),
    ({"password2": "autre-chose-encore-99"}, "password2"),
    ({"password1": "court", "password2": "court"}, "password2"),  # Django's validators
    ({"password1": "fdiarra-example", "password2": "fdiarra-example"}, "password2"),
    ({"email": "pas-une-adresse"}, "email"),
    ({"full_name": ""}, "full_name"),
    ({"purpose": ""}, "purpose"),
    ({"username": "avec espace"}, "username"),
])
@pytest.mark.django_db
def test_bad_input_comes_back_with_errors_and_saves_nothing(client, change, field):
    users_before = get_user_model().objects.count()
    data = {k: v for k, v in {**VALID, **change}.items() if v is not None}
    response = client.post(url("fr"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert VALID["institution"] in response.content.decode()  # what was typed is kept
    assert nothing_saved(users_before)


@pytest.mark.django_db
def test_an_email_address_already_in_use_is_refused(client, django_user_model):
    django_user_model.objects.create_user("autre", "F.Diarra@example.org", "x")
    users_before = django_user_model.objects.count()
    response = client.post(url("en"), VALID)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert nothing_saved(users_before)


@pytest.mark.django_db
def test_applications_are_rate_limited_per_address(client, settings, django_user_model):
    settings.RESEARCHER_APPLICATIONS_PER_ADDRESS_PER_DAY = 2
    for n in range(2):
        data = {**VALID, "username": f"user{n}", "email": f"user{n}@example.org"}
        assert client.post(url("fr"), data).status_code == 302
    users_before = django_user_model.objects.count()
    response = client.post(url("fr"), VALID)
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert django_user_model.objects.count() == users_before
    assert ResearcherApplication.objects.count() == 2
    # Another address is not held back.
    response = client.post(url("fr"), VALID, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_bot_filling_the_hidden_field_creates_nothing(client, django_user_model):
    users_before = django_user_model.objects.count()
    response = client.post(url("fr"), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert nothing_saved(users_before)
