import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser once (password from ADMIN_PASSWORD, or generated and printed once)."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Admin account 'admin' exists; its password is unchanged.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(self.style.SUCCESS("Created admin account 'admin' with the password from ADMIN_PASSWORD."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Created admin account 'admin' with password: {password}"))
            self.stdout.write("This password is shown only once. Log in at http://127.0.0.1:8000/admin/")
