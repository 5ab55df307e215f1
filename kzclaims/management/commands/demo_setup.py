import secrets

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kzclaims.deploy import is_production
from kzclaims.models import Article

ACCOUNTS = [
    # username, group, staff: one account per role, so each role can be tried in the browser.
    ("demo-editor", "editor", False),
    ("demo-viewer", "viewer", False),
    ("demo-admin", "admin", True),
]


class Command(BaseCommand):
    help = (
        "Prepares a local demo: loads the seed articles into an empty database, extracts their "
        "claims, and creates (or resets) one account per role, printing the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for all demo accounts (default: a new random one on every run)",
        )

    def handle(self, *args, password=None, **options):
        # Demo accounts with a printed password have no place in production.
        if is_production():
            raise CommandError(
                "demo_setup prepares a local demo and refuses production settings (DEBUG is "
                "off). Run it with DEBUG=true, as `make run` does."
            )
        # Only into an empty database: reloading would undo editors' changes to the articles.
        if not Article.objects.exists():
            call_command("loaddata", "outlets", "articles", verbosity=options["verbosity"])
        call_command("extract_articles", "--all", verbosity=options["verbosity"])
        self.print_accounts(self.reset_accounts(password or secrets.token_urlsafe(9)))

    def reset_accounts(self, password):
        for username, group, staff in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group)])
        return password

    def print_accounts(self, password):
        width = max(len(username) for username, _, _ in ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {password})"))
        for username, group, _ in ACCOUNTS:
            self.stdout.write(f"  {username.ljust(width)}  {group}")
