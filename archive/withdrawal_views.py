"""The admin's "Withdraw consent" action: a confirmation page, then the withdrawal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import ConsentRecord
from .withdrawal import withdraw_consent


def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("archive.withdraw_consent"):
        raise PermissionDenied
    record = get_object_or_404(ConsentRecord, pk=pk)
    if request.method == "POST":
        withdraw_consent(record, request.user, note=request.POST.get("note", "")[:2000])
        messages.success(request, _("Consent withdrawn. The item is offline from now on; its "
                                    "files and transcripts are being deleted."))
        return redirect("wagtailsnippets_archive_consentrecord:list")
    return TemplateResponse(request, "archive/admin/withdraw_consent.html", {"record": record})
