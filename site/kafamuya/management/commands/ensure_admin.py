"""`manage.py ensure_admin`: make sure an administrator account exists.

Credentials come from KAFAMUYA_ADMIN_USERNAME / KAFAMUYA_ADMIN_PASSWORD / KAFAMUYA_ADMIN_EMAIL.
Without a password, one is generated, printed once and kept in DATA_DIR/admin-credentials.txt
(readable by its owner only) so a newcomer can find it again.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the administrator account if it does not exist (for local use)."

    def handle(self, *args, **options):
        username = os.environ.get("KAFAMUYA_ADMIN_USERNAME", "admin")
        email = os.environ.get("KAFAMUYA_ADMIN_EMAIL", "admin@localhost")
        password = os.environ.get("KAFAMUYA_ADMIN_PASSWORD", "")
        users = get_user_model().objects
        user = users.filter(username=username).first()
        credentials_file = Path(settings.DATA_DIR) / "admin-credentials.txt"
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Admin account '{username}': password updated.")
            else:
                where = f" (see {credentials_file})" if credentials_file.exists() else ""
                self.stdout.write(f"Admin account '{username}' exists{where}.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        users.create_superuser(username=username, email=email, password=password)
        if generated:
            credentials_file.parent.mkdir(parents=True, exist_ok=True)
            credentials_file.write_text(f"username: {username}\npassword: {password}\n")
            credentials_file.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(
            f"Admin account created. Log in at /admin/ as '{username}' with password: {password}"
        ))
