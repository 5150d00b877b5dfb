"""Permitted uses: what a consent record lets the archive do with its item, checked where the
use happens (admin forms, scheduled publishing, API saves: model validation).

- A clip (`ClipPage`) is a part of the documentary: it needs the "documentary" use.
- An item at the researchers level is there for research: it needs "research".
- An item embedded in a story (a clip excerpt, a testimony quote) is published by the
  communication team: it needs `PUBLICATION_USE` ("press").

An item without a consent record (a clip or an artwork that follows none) is not checked: a
testimony cannot be published without one anyway (`archive.access.publication_problem`). With
several records in force, each must permit the use.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import AccessLevel, ClipPage, ConsentRecord, ConsentUse

PUBLICATION_USE = ConsentUse.PRESS


def refuses(item_key, use: str) -> bool:
    """Does a consent record in force for this item leave `use` out?"""
    return any(use not in (uses or ()) for uses in ConsentRecord.objects.in_force().filter(
        item_key=item_key).values_list("permitted_uses", flat=True))


def item_use_problem(model: type[Page], item_key, access_level: str) -> str | None:
    """Why an item of `model` may not be published at `access_level`, for want of a permitted
    use, or None."""
    if issubclass(model, ClipPage) and refuses(item_key, ConsentUse.DOCUMENTARY):
        return _("The consent record does not permit the use “%(use)s”, and a clip is part of "
                 "the documentary. Add the use to the record if the person agreed to it; "
                 "otherwise this clip cannot be published.") % {
            "use": ConsentUse.DOCUMENTARY.label}
    if access_level == AccessLevel.RESEARCHERS and refuses(item_key, ConsentUse.RESEARCH):
        return _("The consent record does not permit the use “%(use)s”, which the level "
                 "“%(level)s” needs. Add the use to the record if the person agreed to it, or "
                 "choose another level.") % {"use": ConsentUse.RESEARCH.label,
                                             "level": AccessLevel.RESEARCHERS.label}
    return None


def embed_use_problem(item: Page) -> str | None:
    """Why `item` may not be embedded in a published story, or None."""
    if refuses(item.translation_key, PUBLICATION_USE):
        return _("The consent record of “%(item)s” does not permit the use “%(use)s”, which "
                 "embedding it in a story needs. Remove the excerpt, or add the use to the "
                 "record if the person agreed to it.") % {"item": item.title,
                                                          "use": PUBLICATION_USE.label}
    return None
