"""The public side: a researcher applies (in French, English or Bambara)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from .forms import ResearcherApplicationForm
from .models import ResearcherApplication
from .network import address_key


def too_many_from(address: str) -> bool:
    limit = settings.RESEARCHER_APPLICATIONS_PER_ADDRESS_PER_DAY
    since = timezone.now() - timedelta(days=1)
    return ResearcherApplication.objects.filter(
        submitted_from=address, created_at__gte=since).count() >= limit


@method_decorator([never_cache, sensitive_post_parameters("password1", "password2")],
                  name="dispatch")
class ApplyView(FormView):
    template_name = "researchers/apply.html"
    form_class = ResearcherApplicationForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        address = address_key(request)
        if too_many_from(address):
            form.is_valid()  # so that the page shows what was typed
            form.add_error(None, _("Too many applications were sent from your network today. "
                                   "Please try again tomorrow."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not form.is_valid():
            return self.form_invalid(form)
        if form.is_bot:
            return redirect("researchers:applied")
        with transaction.atomic():
            user = form.save()
            ResearcherApplication.objects.create(
                user=user,
                full_name=form.cleaned_data["full_name"],
                institution=form.cleaned_data["institution"],
                purpose=form.cleaned_data["purpose"],
                accepted_terms_at=timezone.now(),
                language=translation.get_language() or settings.LANGUAGE_CODE,
                submitted_from=address,
            )
        return redirect("researchers:applied")


@never_cache
def applied(request):
    application = None
    if request.user.is_authenticated:
        application = request.user.researcher_applications.order_by("-created_at").first()
    return render(request, "researchers/applied.html", {"application": application})
