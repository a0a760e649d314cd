from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import User
from accounts.roles import Role


class Command(BaseCommand):
    help = "Grant (or with --revoke, take away) a global role: " + ", ".join(Role.values)

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, role, revoke, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with email {email}")
        try:
            if revoke:
                services.role_revoke(user=user, role=role)
            else:
                services.role_grant(user=user, role=role)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        roles = ", ".join(sorted(services.user_roles(user=user)))
        self.stdout.write(self.style.SUCCESS(f"{user.email} now has: {roles}"))
