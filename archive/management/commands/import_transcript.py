"""`manage.py import_transcript MEDIA FILE --language LANG`: a transcript file into the archive."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.models import RecordingLanguage, Transcript
from archive.transcripts.formats import TranscriptFormatError
from archive.transcripts.importing import TranscriptExistsError, import_transcript
from media_pipeline.models import Media

HELP = """Import a transcript (WebVTT, SRT or timed plain text) for a media item.

MEDIA is the media's id or UUID. The format comes from FILE's suffix (.vtt, .srt, .txt) or,
failing that, from its first lines; --format forces it. Nothing is saved unless the whole file
reads; an error names the file and the line.

Timed plain text has one segment per line, starting with its time:
  [00:00:00.000] Animatrice: Pouvez-vous vous présenter ?
  [00:00:02.500] Awa K.: Je m'appelle Awa.
  [00:00:05.000 --> 00:00:07.250] an explicit end after an arrow
  [00:00:09.000]
A segment ends where the next begins; a time alone ends the one above; the last one needs an
end (such a line, an explicit end, or the media's duration). Times are [h:]mm:ss[.fff];
brackets are optional; "Name: " at the start of a text gives its speaker (SRT too); lines
starting with # are comments; a line without a time continues the segment above; a backslash
at the start of a text line makes it plain text (\\#1, \\10:30 du matin)."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("media", help="the media's id or UUID")
        parser.add_argument("file", type=Path, help="a .vtt, .srt or .txt file (UTF-8)")
        parser.add_argument("--language", required=True, choices=RecordingLanguage.values,
                            help="the language of the transcript's text")
        parser.add_argument("--provenance", default=Transcript.Provenance.HUMAN,
                            choices=Transcript.Provenance.values)
        parser.add_argument("--translated-from", metavar="LANG", choices=RecordingLanguage.values,
                            help="with --provenance translated: the language of the source "
                                 "transcript of the same media")
        parser.add_argument("--status", default=Transcript.Status.DRAFT,
                            choices=Transcript.Status.values)
        parser.add_argument("--format", dest="fmt", choices=["vtt", "srt", "txt"])
        parser.add_argument("--replace", action="store_true",
                            help="replace the segments of an existing transcript in LANG")

    def handle(self, *args, media, file, language, provenance, translated_from, status, fmt,
               replace, **options):
        media_item = self.find_media(media)
        source = None
        if translated_from:
            source = Transcript.objects.filter(media=media_item, language=translated_from).first()
            if source is None:
                raise CommandError(f"{media_item} has no transcript in {translated_from} "
                                   "to translate from.")
            provenance = Transcript.Provenance.TRANSLATED
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            transcript = import_transcript(
                media_item, language, file, fmt=fmt, provenance=provenance, status=status,
                translated_from=source, replace=replace,
            )
        except TranscriptFormatError as error:
            raise CommandError(f"{file}, line {error.line}: {error.message}") from None
        except TranscriptExistsError as error:
            raise CommandError(f"{file}: {error} (use --replace)") from None
        except ValidationError as error:
            raise CommandError(f"{file}: {'; '.join(error.messages)}") from None
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        count = transcript.segments.count()
        self.stdout.write(self.style.SUCCESS(
            f"{file}: {count} segments imported into {transcript} (transcript {transcript.pk})."
        ))

    def find_media(self, value: str) -> Media:
        try:
            lookup = {"uuid": uuid.UUID(value)}
        except ValueError:
            if not value.isdigit():
                raise CommandError(f"{value}: give the media's id or UUID.") from None
            lookup = {"pk": int(value)}
        media = Media.objects.filter(**lookup).first()
        if media is None:
            raise CommandError(f"No media with {next(iter(lookup))} {value}.")
        return media
