"""allauth adapters: how sign-up and federated sign-in fill in a Civic Twin profile."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import gettext

from accounts.middleware import mfa_required_for


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUPS", True)


def _language_from_locale(locale) -> str:
    """OIDC `locale` is a BCP47 string ("pl-PL"); LinkedIn sends {"language": "pl", "country": "PL"}."""
    if isinstance(locale, dict):
        code = str(locale.get("language", ""))
    else:
        code = str(locale or "")
    code = code.replace("_", "-").lower()
    supported = [lang for lang, _name in settings.LANGUAGES]
    for candidate in (code, code.split("-")[0]):
        for lang in supported:
            if candidate and (lang == candidate or lang.split("-")[0] == candidate):
                return lang
    return ""


def profile_fields_from_provider(data: dict) -> dict:
    """Map a provider's user info (OIDC standard claims) to what our profile holds."""
    # Never an email address: display names are public, email addresses are not.
    username = data.get("preferred_username") or ""
    full_name = " ".join(part for part in (data.get("given_name"), data.get("family_name")) if part)
    name = data.get("nickname") or full_name or data.get("name") or ("" if "@" in username else username)
    return {"display_name": (name or "").strip()[:60], "language": _language_from_locale(data.get("locale"))}


def _claims(sociallogin) -> dict:
    """OIDC providers store {"userinfo": ..., "id_token": ...}; others store the claims directly."""
    extra = sociallogin.account.extra_data or {}
    return extra.get("userinfo") or extra.get("id_token") or extra


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        mapped = profile_fields_from_provider(_claims(sociallogin))
        user.display_name = mapped["display_name"] or gettext("Resident")
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        mapped = profile_fields_from_provider(_claims(sociallogin))
        profile = user.profile
        profile.imported_from = sociallogin.account.provider
        if mapped["language"] and not profile.language:
            profile.language = mapped["language"]
        profile.save(update_fields=["imported_from", "language", "updated_at"])
        return user


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):

        if settings.MFA_REQUIRED and mfa_required_for(authenticator.user):
            return authenticator.type == authenticator.Type.RECOVERY_CODES
        return True
