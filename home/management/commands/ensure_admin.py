import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from base.environment import env

# The admin's account settings require a name and an e-mail address: an
# account without them cannot save its own settings (language, password).
FIRST_NAME, LAST_NAME = "Site", "Administrator"


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser once (password from ADMIN_PASSWORD, or generated and printed once; "
        "e-mail from ADMIN_EMAIL) and say where to sign in. `make run` runs it last, just before the server."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        email = env("ADMIN_EMAIL")
        admin = User.objects.filter(username="admin").first()
        password = None
        if admin is None:
            password = env("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            admin = User(username="admin", email=email, first_name=FIRST_NAME, last_name=LAST_NAME)
            # The rules every password set in the admin follows (12 characters at least, not common).
            try:
                validate_password(password, user=admin)
            except ValidationError as error:
                raise CommandError("ADMIN_PASSWORD is refused: " + " ".join(error.messages)) from None
            User.objects.create_superuser(
                "admin", email=email, password=password, first_name=FIRST_NAME, last_name=LAST_NAME
            )
        else:
            # An account made before it had them gets a name and an address; never overwritten.
            changed = []
            for field, value in (("first_name", FIRST_NAME), ("last_name", LAST_NAME), ("email", email)):
                if not getattr(admin, field):
                    setattr(admin, field, value)
                    changed.append(field)
            if changed:
                admin.save(update_fields=changed)

        lines = [f"Sign in at {settings.PUBLIC_URL}/admin/ as 'admin'"]
        if password is None:
            lines.append(
                "  (existing account: its password is unchanged; `manage.py changepassword admin` sets a new one)"
            )
        elif env("ADMIN_PASSWORD"):
            lines.append("  with the password from ADMIN_PASSWORD.")
        else:
            lines.append(f"  with password: {password}")
            lines.append("  This password is shown only once.")
        lines.append("  After the password, the admin asks for a code from an authenticator app;")
        lines.append("  the first time, it shows a QR code to set one up (two-step verification).")
        rule = "=" * max(len(line) for line in lines)
        self.stdout.write("\n".join(["", rule, *lines, rule, ""]), self.style.SUCCESS)
