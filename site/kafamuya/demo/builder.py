"""Builds the demo archive, idempotently: whatever already exists is left as it is.

Pages are created in French and translated with wagtail-localize, so that the English and
Bambara trees are ordinary localize translations that editors can keep in sync. English strings
come from the (French, English) pairs in `content`; Bambara has no demo strings yet, so its
pages fall back to the French text until translators fill them in.
"""

import datetime
import io
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from archive.models import (
    ArchiveItem,
    ArtworkPage,
    ClipPage,
    ConsentRecord,
    ConsentScope,
    DocumentaryPage,
    Partner,
    Place,
    ResidencyPage,
    Speaker,
    TestimonyIndexPage,
    TestimonyPage,
    TestimonyWarningRange,
    Theme,
    Transcript,
    TranscriptSegment,
)
from kafamuya.pages.models import (
    ActorMapPage,
    ActorPage,
    EventIndexPage,
    EventPage,
    HomePage,
    SearchPage,
    StoryIndexPage,
    StoryPage,
)
from media_pipeline.generate import make_audio, make_video
from media_pipeline.models import Media
from media_pipeline.probe import probe

from . import content

Pair = tuple[str, str]


def coordinate(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def paragraph(text: str) -> str:
    return f"<p>{text}</p>"


class DemoBuilder:
    def __init__(self, log=print) -> None:
        self.log = log
        self.english: dict[str, str] = {}
        self.created = 0

    # --- helpers ---------------------------------------------------------------------------
    def fr(self, pair: Pair) -> str:
        """The French text, remembering its English translation for later."""
        french, english = pair
        self.english[french] = english
        return french

    def slug(self, french_slug: str, english_title: str) -> str:
        self.english[french_slug] = slugify(english_title)
        return french_slug

    def ensure_page(self, parent: Page, model: type[Page], slug: str, m2m: dict | None = None,
                    **fields) -> Page:
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        is_item = issubclass(model, ArchiveItem)
        # Archive items are saved unpublished first: publishing needs their consent record.
        page = model(slug=slug, live=not is_item, **fields)
        parent.add_child(instance=page)
        for name, values in (m2m or {}).items():
            getattr(page, name).set(values)
        if is_item:
            self.ensure_consent(page)
        page.save_revision().publish()
        self.created += 1
        return page

    def ensure_consent(self, page: Page) -> None:
        """The demo's items are public, with consent to publish on the web on record."""
        speaker = getattr(page, "speaker", None)
        ConsentRecord.objects.get_or_create(
            item_key=page.translation_key,
            defaults={"item": page, "given_by": speaker.pseudonym if speaker else "Demo",
                      "given_on": datetime.date(2025, 3, 15), "method": "oral", "language": "bm",
                      "scope": ConsentScope.PUBLIC_WEB,
                      "permitted_uses": ["documentary", "research", "press"]},
        )

    def ensure_snippet(self, model: type[models.Model], lookup: dict, **fields) -> models.Model:
        obj, created = model.objects.get_or_create(**lookup, defaults=fields)
        self.created += created
        return obj

    # --- vocabularies ------------------------------------------------------------------------
    def ensure_locales(self) -> None:
        self.locale_fr = Locale.objects.get_or_create(language_code="fr")[0]
        self.locale_en = Locale.objects.get_or_create(language_code="en")[0]
        self.locale_bm = Locale.objects.get_or_create(language_code="bm")[0]

    def ensure_vocabularies(self) -> None:
        fr = self.locale_fr
        self.themes = {
            slug: self.ensure_snippet(Theme, {"slug": slug, "locale": fr}, name=self.fr(name))
            for slug, name in content.THEMES
        }
        self.places = {
            slug: self.ensure_snippet(
                Place, {"slug": slug, "locale": fr}, name=self.fr(name), kind=kind,
                region=region, latitude=coordinate(lat), longitude=coordinate(lng),
            )
            for slug, kind, region, (lat, lng), name in content.PLACES
        }
        self.partners = {
            slug: self.ensure_snippet(
                Partner, {"slug": slug, "locale": fr}, name=self.fr(name), acronym=acronym,
                website=website,
            )
            for slug, acronym, name, website in content.PARTNERS
        }
        self.speakers = {
            pseudonym: self.ensure_snippet(
                Speaker, {"pseudonym": pseudonym}, age_range=age, status=status, gender=gender,
                languages=languages,
            )
            for pseudonym, age, status, gender, languages in content.SPEAKERS
        }

    # --- files -------------------------------------------------------------------------------
    def ensure_media(self, title: str, kind: str, tone_hz: int) -> Media:
        existing = Media.objects.filter(title=title).first()
        if existing is not None:
            return existing
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("demo.mp4" if kind == "video" else "demo.m4a")
            if kind == "video":
                make_video(path, seconds=4, tone_hz=tone_hz)
            else:
                make_audio(path, seconds=4, tone_hz=tone_hz)
            info = probe(path)
            media = Media(title=title, type=kind, duration=round(info.duration, 2))
            if info.video:
                media.width, media.height = info.video.width, info.video.height
            with path.open("rb") as handle:
                media.file.save(path.name, File(handle), save=False)
            media.save()
        self.created += 1
        return media

    def ensure_image(self, title: str, colour: tuple[int, int, int]):
        from PIL import Image as PILImage
        from PIL import ImageDraw

        image_model = get_image_model()
        existing = image_model.objects.filter(title=title).first()
        if existing is not None:
            return existing
        picture = PILImage.new("RGB", (800, 500), colour)
        draw = ImageDraw.Draw(picture)
        for i in range(6):
            shade = tuple(min(255, c + 25 * i) for c in colour)
            draw.ellipse((60 + 110 * i, 120, 200 + 110 * i, 380), outline=shade, width=12)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        image = image_model(title=title, file=ImageFile(buffer, name="demo.png"))
        image.save()
        self.created += 1
        return image

    # --- transcripts -------------------------------------------------------------------------
    def ensure_transcripts(self, media: Media, key: str) -> None:
        """A reviewed French transcript and its reviewed English translation, same timings."""
        rows = content.TRANSCRIPTS[key]
        french = self.ensure_transcript(
            media, "fr", [(start, end, speaker[0], text[0]) for start, end, speaker, text in rows],
            provenance=Transcript.Provenance.HUMAN,
        )
        self.ensure_transcript(
            media, "en", [(start, end, speaker[1], text[1]) for start, end, speaker, text in rows],
            provenance=Transcript.Provenance.TRANSLATED, translated_from=french,
        )

    def ensure_transcript(self, media: Media, language: str, rows: list[tuple], **fields
                          ) -> Transcript:
        existing = Transcript.objects.filter(media=media, language=language).first()
        if existing is not None:
            return existing
        transcript = Transcript.objects.create(
            media=media, language=language, status=Transcript.Status.REVIEWED, **fields
        )
        TranscriptSegment.objects.bulk_create([
            TranscriptSegment(transcript=transcript, sort_order=index, start_ms=start,
                              end_ms=end, speaker=speaker, text=text)
            for index, (start, end, speaker, text) in enumerate(rows)
        ])
        self.created += 1
        return transcript

    # --- pages -------------------------------------------------------------------------------
    def ensure_home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=self.locale_fr, depth=2).first()
        if home is None:
            home = HomePage(
                title=self.fr(content.HOME["title"]), slug="accueil", locale=self.locale_fr,
                tagline=self.fr(content.HOME["tagline"]), intro=self.fr(content.HOME["intro"]),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
        else:
            for key in ("title", "tagline", "intro"):
                self.fr(content.HOME[key])
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home,
                                is_default_site=True, site_name="Kafamuya")
        elif site.root_page_id != home.id:
            site.root_page = home
            site.site_name = "Kafamuya"
            site.save()
        # Wagtail's placeholder "Welcome" page has no place in the archive.
        for page in root.get_children().exclude(id=home.id).filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            page.delete()
        return home

    def section(self, home: Page, key: str, model: type[Page], **fields) -> Page:
        spec = content.SECTIONS[key]
        return self.ensure_page(
            home, model, self.slug(spec["slug"], spec["title"][1]),
            title=self.fr(spec["title"]), intro=self.section_intro(model, spec["intro"]),
            show_in_menus=True, **fields,
        )

    def section_intro(self, model: type[Page], pair: Pair) -> str:
        text = self.fr(pair)
        field = model._meta.get_field("intro")
        return paragraph(text) if field.get_internal_type() != "TextField" else text

    def build_documentary(self, home: Page) -> None:
        spec = content.SECTIONS["documentary"]
        documentary = self.section(
            home, "documentary", DocumentaryPage,
            synopsis=paragraph(self.fr(spec["synopsis"])), director=spec["director"],
            year=spec["year"],
        )
        for slug, chapter, title, summary, theme_slugs, place_slugs, tone in content.CLIPS:
            media = self.ensure_media(f"Demo clip {chapter}", "video", tone)
            self.ensure_transcripts(media, slug)
            self.ensure_page(
                documentary, ClipPage, self.slug(slug, title[1]), title=self.fr(title),
                chapter_number=chapter, summary=paragraph(self.fr(summary)), media=media,
                access_level="public",
                m2m={"themes": [self.themes[s] for s in theme_slugs],
                     "places": [self.places[s] for s in place_slugs]},
            )

    def build_testimonies(self, home: Page) -> None:
        index = self.section(home, "testimonies", TestimonyIndexPage)
        for slug, speaker, title, summary, place, theme_slugs, warning, tone in (
            content.TESTIMONIES
        ):
            media = self.ensure_media(f"Demo testimony {speaker}", "audio", tone)
            self.ensure_transcripts(media, slug)
            self.ensure_page(
                index, TestimonyPage, self.slug(slug, title[1]), title=self.fr(title),
                speaker=self.speakers[speaker], media=media, summary=paragraph(self.fr(summary)),
                recorded_on=datetime.date(2025, 3, 15), recorded_at=self.places[place],
                recording_language="bm", workshop="Paroles de Migrantes", access_level="public",
                content_warning=self.fr(warning) if warning[0] else "",
                warning_ranges=[
                    TestimonyWarningRange(start_ms=start, end_ms=end, label=self.fr(label))
                    for start, end, label in content.WARNING_RANGES.get(slug, [])
                ],
                m2m={"themes": [self.themes[s] for s in theme_slugs],
                     "places": [self.places[place]]},
            )

    def build_residency(self, home: Page) -> None:
        spec = content.RESIDENCY
        residency = self.ensure_page(
            home, ResidencyPage, self.slug(spec["slug"], spec["title"][1]),
            title=self.fr(spec["title"]), intro=paragraph(self.fr(spec["intro"])),
            start_date=datetime.date(2025, 1, 6), end_date=datetime.date(2025, 2, 28),
            place=self.places["bamako-commune-3"], show_in_menus=True,
            m2m={"partners": [self.partners["tile-coura"]]},
        )
        for slug, artist, medium, title, description, colour in content.ARTWORKS:
            fields = {}
            if medium == "images":
                images = [self.ensure_image(f"{title[0]} {n}", colour) for n in (1, 2)]
                fields["images"] = [("image", image) for image in images]
            else:
                fields["media"] = self.ensure_media(f"Demo artwork {title[0]}", "audio", 220)
            self.ensure_page(
                residency, ArtworkPage, self.slug(slug, title[1]), title=self.fr(title),
                artist=artist, medium=medium, year=2025, access_level="public",
                description=paragraph(self.fr(description)), **fields,
            )

    def build_stories(self, home: Page) -> None:
        index = self.section(home, "stories", StoryIndexPage)
        first_clip = ClipPage.objects.filter(locale=self.locale_fr).order_by("path").first()
        testimony = TestimonyPage.objects.filter(locale=self.locale_fr).order_by("path").first()
        for (slug, days_ago, author, title, intro, body, theme_slugs, place_slugs,
             illustrated) in content.STORIES:
            blocks = [
                ("paragraph", paragraph(self.fr(body))),
                ("clip_excerpt", {"clip": first_clip, "start": 0, "end": 3, "caption": ""}),
            ]
            fields = {}
            if illustrated:
                alt = self.fr(content.STORY_IMAGE_ALT)
                images = [self.ensure_image(f"Tournage {n}", colour) for n, colour in
                          enumerate([(176, 112, 40), (60, 110, 90), (120, 60, 100)], 1)]
                fields["image"] = images[0]
                blocks += [
                    ("pull_quote", {"quote": self.fr(content.STORY_PULL_QUOTE),
                                    "attribution": author}),
                    ("testimony_quote", {"testimony": testimony, "start": 2.2, "end": 3.3,
                                         "quote": self.fr(content.STORY_TESTIMONY_QUOTE)}),
                    ("image", {"image": images[1], "alt_text": alt, "decorative": False}),
                    ("gallery", {"title": self.fr(content.STORY_GALLERY_TITLE), "images": [
                        {"image": image, "alt_text": alt, "decorative": False}
                        for image in images]}),
                ]
            self.ensure_page(
                index, StoryPage, self.slug(slug, title[1]), title=self.fr(title),
                date=timezone.localdate() - datetime.timedelta(days=days_ago), author=author,
                intro=self.fr(intro), body=blocks, **fields,
                m2m={"themes": [self.themes[s] for s in theme_slugs],
                     "places": [self.places[s] for s in place_slugs]},
            )

    def build_events(self, home: Page) -> None:
        index = self.section(home, "events", EventIndexPage)
        for slug, kind, days, place, partners, title, summary in content.EVENTS:
            starts = (timezone.now() + datetime.timedelta(days=days)).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
            self.ensure_page(
                index, EventPage, self.slug(slug, title[1]), title=self.fr(title), kind=kind,
                starts_at=starts, ends_at=starts + datetime.timedelta(hours=4),
                place=self.places[place], summary=self.fr(summary),
                m2m={"partners": [self.partners[p] for p in partners]},
            )

    def build_actors(self, home: Page) -> None:
        index = self.section(home, "actors", ActorMapPage)
        for slug, kind, place, title, description, phone, (lat, lng) in content.ACTORS:
            self.ensure_page(
                index, ActorPage, self.slug(slug, title[1]), title=self.fr(title),
                kind_of_help=kind, description=paragraph(self.fr(description)),
                place=self.places[place], phone=phone, latitude=coordinate(lat),
                longitude=coordinate(lng),
            )

    # --- translations ------------------------------------------------------------------------
    def translate(self, instance: TranslatableMixin, locale: Locale, with_strings: bool) -> None:
        if instance.get_translation_or_none(locale) is not None:
            return
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        if with_strings:
            for segment in StringSegment.objects.filter(source=source).select_related("string"):
                english = self.english.get(segment.string.data)
                if english:
                    StringTranslation.objects.get_or_create(
                        translation_of=segment.string, locale=locale, context=segment.context,
                        defaults={"data": english,
                                  "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
                    )
        with transaction.atomic():
            translation.save_target(publish=True)
        self.created += 1

    def translate_all(self, home: Page, snippets: Iterable[TranslatableMixin]) -> None:
        for locale, with_strings in ((self.locale_en, True), (self.locale_bm, False)):
            for snippet in snippets:
                self.translate(snippet, locale, with_strings)
            for page in Page.objects.descendant_of(home, inclusive=True).order_by("path"):
                self.translate(page.specific, locale, with_strings)

    # --- all ---------------------------------------------------------------------------------
    def build(self) -> int:
        """Builds what is missing; returns how many objects were created."""
        with transaction.atomic():
            self.ensure_locales()
            self.ensure_vocabularies()
            home = self.ensure_home()
            self.build_documentary(home)
            self.build_testimonies(home)
            self.build_residency(home)
            self.build_stories(home)
            self.build_events(home)
            self.build_actors(home)
            self.ensure_page(
                home, SearchPage, self.slug(content.SECTIONS["search"]["slug"], "search"),
                title=self.fr(content.SECTIONS["search"]["title"]),
                intro=self.fr(content.SECTIONS["search"]["intro"]), show_in_menus=False,
            )
        # Outside the block above: wagtail-localize publishes a translation when its transaction
        # commits, and a parent published after its children are added would lose count of them.
        snippets = [*self.themes.values(), *self.places.values(), *self.partners.values()]
        self.translate_all(home, snippets)
        return self.created
