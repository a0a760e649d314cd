"""Per-user request set-up: the language they chose, and MFA for roles that must have it."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.backends import cached_for_user

LANGUAGE_SESSION_KEY = "civic_language"


class UserLanguageMiddleware:
    """A signed-in person's saved language wins over the browser's (saved in the session at login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class RequireMfaForStaffRolesMiddleware:
    """Moderators, policy leads and administrators must set up two-factor sign-in before anything else."""

    allowed_prefixes = ("/accounts/", "/static/", "/media/", "/i18n/", "/health/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and mfa_required_for(user)
        ):
            if not is_mfa_enabled(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)


def mfa_required_for(user) -> bool:
    if user.is_superuser:
        return True

    roles = cached_for_user(user, "roles", lambda: sorted(user.groups.values_list("name", flat=True)))
    return bool(set(roles) & set(settings.MFA_REQUIRED_ROLES))
