"""`manage.py render_nginx`: the nginx site for this installation, from deploy/nginx's template.

The folders (static files, the public and the private store) and the X-Accel prefix come from
the settings, so that nginx and the archive cannot disagree about where a file lives or which
folder is private. Host names, ports, certificates and gunicorn's address are options.
"""

import re
from pathlib import Path
from string import Template

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "kafamuya.conf.template"


def local_location(store: str) -> str | None:
    """The folder of a file-system store of STORAGES, or None for a store elsewhere (S3)."""
    config = settings.STORAGES.get(store, {})
    if "FileSystemStorage" not in config.get("BACKEND", ""):
        return None
    return config.get("OPTIONS", {}).get("location")


def render(**values: str) -> str:
    """The template with `values` filled in; nginx's own `$name`s are left as they are (the
    template writes its own names as `${name}`, which nginx's variables never use)."""
    text = Template(TEMPLATE.read_text()).safe_substitute(values)
    missing = sorted(set(re.findall(r"\$\{(\w+)\}", text)))
    if missing:
        raise CommandError(f"No value for {', '.join(missing)} in {TEMPLATE.name}.")
    return text


class Command(BaseCommand):
    help = "Print (or write) the nginx site for this installation."

    def add_arguments(self, parser):
        parser.add_argument("--server-name", default="archive.example.org")
        parser.add_argument("--https-listen", default="443")
        parser.add_argument("--http-listen", default="80")
        parser.add_argument("--purge-listen", default="127.0.0.1:8081",
                            help="where the archive sends PURGE requests (EDGE_CACHE_PURGE_URL)")
        parser.add_argument("--cache-dir", default="/var/cache/nginx/kafamuya")
        parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address")
        parser.add_argument("--certificate",
                            default="/etc/letsencrypt/live/archive.example.org/fullchain.pem")
        parser.add_argument("--certificate-key",
                            default="/etc/letsencrypt/live/archive.example.org/privkey.pem")
        parser.add_argument("--output", help="write here instead of printing")

    def handle(self, *args, **options):
        prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
        if not prefix:
            raise CommandError(
                "Set PRIVATE_MEDIA_ACCEL_PREFIX (e.g. /_private/): behind nginx, private files "
                "are handed over with X-Accel-Redirect.")
        media_root = local_location("default") or settings.MEDIA_ROOT
        # With S3 the private store has no folder here: the location then points at an empty
        # one and is never used (files go out as signed S3 URLs).
        private_root = local_location("private") or str(Path(settings.DATA_DIR) / "private")
        text = render(
            server_name=options["server_name"], https_listen=options["https_listen"],
            http_listen=options["http_listen"], upstream=options["upstream"],
            purge_listen=options["purge_listen"], cache_dir=options["cache_dir"],
            certificate=options["certificate"], certificate_key=options["certificate_key"],
            static_root=str(settings.STATIC_ROOT).rstrip("/"),
            media_root=str(media_root).rstrip("/"), private_root=str(private_root).rstrip("/"),
            private_prefix="/" + prefix.strip("/") + "/",
        )
        if options["output"]:
            Path(options["output"]).write_text(text)
        else:
            self.stdout.write(text)
