"""Telling applicants the decision, by e-mail, in the language they applied in."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import ResearcherApplication


def send_decision(application: ResearcherApplication) -> None:
    approved = application.status == ResearcherApplication.Status.APPROVED
    with translation.override(application.language):
        context = {
            "application": application,
            "approved": approved,
            "login_url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("wagtailcore_login")),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("researchers/email/decision_subject.txt", context)
        body = render_to_string("researchers/email/decision.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL,
              [application.user.email], fail_silently=False)
