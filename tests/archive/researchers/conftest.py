import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from archive.researchers.models import ResearcherApplication


@pytest.fixture
def make_application(db):
    """make_application(status="pending", expires_on=None, username=..., language="fr")"""
    counter = iter(range(1000))

    def make(status=ResearcherApplication.Status.PENDING, expires_on=None, username=None,
             language="fr"):
        n = next(counter)
        user = get_user_model().objects.create_user(
            username or f"chercheuse{n}", f"chercheuse{n}@example.org", "x")
        return ResearcherApplication.objects.create(
            user=user, full_name=f"Chercheuse {n}", institution="Université de Bamako",
            purpose="Étude des parcours migratoires.", accepted_terms_at=timezone.now(),
            status=status, expires_on=expires_on, language=language,
        )

    return make
