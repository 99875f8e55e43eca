from django.core.management.base import BaseCommand

from editorial.roles import WORKFLOW, ensure_roles


class Command(BaseCommand):
    help = (
        "Create the Editors, Reviewers and Administrators groups and the review workflow, and remove "
        "Wagtail's default Moderators group and every other workflow."
    )

    def handle(self, *args, **options):
        groups = ensure_roles()
        self.stdout.write(f"Roles: {', '.join(groups)}; workflow “{WORKFLOW}” on every page.")
