"""The STORAGES setting: local files by default, S3 when STORAGE_BACKEND=s3.

Two stores matter to the archive. `default` holds derived files that may become public
(renditions, posters); `private` holds originals, consent forms and anything not yet cleared.
The private store is never under MEDIA_URL locally, and on S3 it always signs its URLs and never
sets a custom domain (django-storages returns unsigned URLs whenever `custom_domain` is set).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from . import env

STATICFILES_STORAGE = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def local_storages(data_dir: Path) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "media"), "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "media_pipeline.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "private")},
        },
        "staticfiles": STATICFILES_STORAGE,
    }


def s3_storages() -> dict:
    bucket = env.require_str("AWS_STORAGE_BUCKET_NAME", "the S3 bucket for media files.")
    private_bucket = env.get_str("AWS_PRIVATE_BUCKET_NAME", bucket)
    common = {
        "endpoint_url": env.get_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env.get_str("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,
        "default_acl": None,
        "signature_version": "s3v4",  # signed URLs that state their own expiry
    }
    public_domain = env.get_str("AWS_S3_CUSTOM_DOMAIN") or None
    if public_domain and private_bucket == bucket:
        raise ImproperlyConfigured(
            "Set AWS_PRIVATE_BUCKET_NAME to a separate bucket when AWS_S3_CUSTOM_DOMAIN is set: "
            "private files must never sit behind a public domain."
        )
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": "public",
                "custom_domain": public_domain,
                "querystring_auth": False,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "location": "private",
                "custom_domain": None,
                "querystring_auth": True,
                "querystring_expire": min(env.get_int("PRIVATE_URL_MAX_AGE", 300), 300),
            },
        },
        "staticfiles": STATICFILES_STORAGE,
    }


def build_storages(data_dir: Path) -> dict:
    backend = env.get_str("STORAGE_BACKEND", "local").lower()
    if backend == "local":
        return local_storages(data_dir)
    if backend == "s3":
        return s3_storages()
    raise ImproperlyConfigured(f"Set STORAGE_BACKEND to 'local' or 's3' (it is {backend!r}).")
