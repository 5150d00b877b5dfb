"""Consent conditions: what the public versions of an item must hide, checked before publishing.

A consent record can require the voice altered, the face blurred, the speaker shown by a first
name or pseudonym only (one word), and no place finer than the region. An item is refused
publication while its recording or its page does not meet the conditions of a record in force:
by the admin form on "Publish" and by the model's `clean()` (revisions, scheduled publishing,
APIs), as `archive.permitted_uses` is.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from media_pipeline.models import Media

from .models import ConsentRecord, Place, Speaker


def condition_problems(item_key, media: Media | None, speaker: Speaker | None,
                       places: Iterable[Place]) -> list[str]:
    records = list(ConsentRecord.objects.in_force().filter(item_key=item_key))
    problems = []
    if media is not None and any(r.require_voice_altered for r in records) \
            and not media.voice_pitch_semitones:
        problems.append(_("The consent requires the voice to be altered: set a voice "
                          "alteration on the recording first."))
    if media is not None and media.type == "video" and not media.blur_video \
            and any(r.require_face_blurred for r in records):
        problems.append(_("The consent requires the face to be blurred: turn on “blur the "
                          "picture” on the recording first."))
    if speaker is not None and len(speaker.pseudonym.split()) > 1 \
            and any(r.require_pseudonym for r in records):
        problems.append(_("The consent allows a first name or a pseudonym only: the speaker "
                          "“%(name)s” is shown by more than one word.") % {
            "name": speaker.pseudonym})
    finer = sorted({place.name for place in places if place is not None
                    and place.kind != Place.Kind.REGION})
    if finer and any(r.require_region_only for r in records):
        problems.append(_("The consent allows no place finer than the region: %(places)s.")
                        % {"places": ", ".join(finer)})
    return problems


def page_condition_problems(page) -> list[str]:
    """The conditions `page` (an archive item, saved or being published) does not meet."""
    places = [*page.places.all(), getattr(page, "recorded_at", None)]
    return condition_problems(page.translation_key, getattr(page, "media", None),
                              getattr(page, "speaker", None), places)
