import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

ACCOUNTS = [
    # username, group, staff: one account per role, so each role can be tried in the browser.
    ("demo-editor", "editor", False),
    ("demo-viewer", "viewer", False),
    ("demo-admin", "admin", True),
]


class Command(BaseCommand):
    help = "Creates (or resets) one demo account per role and prints their logins. Local use only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for all demo accounts (default: a new random one on every run)",
        )

    def handle(self, *args, password=None, **options):
        password = password or secrets.token_urlsafe(9)
        rows = []
        for username, group, staff in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group)])
            rows.append((username, group))
        width = max(len(name) for name, _ in rows)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {password})"))
        for username, group in rows:
            self.stdout.write(f"  {username.ljust(width)}  {group}")
