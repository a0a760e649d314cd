"""allauth's sign-in and password-reset forms with the honeypot (settings.ACCOUNT_FORMS). Kept
apart from accounts/forms.py, which allauth's own forms module imports for the sign-up fields."""

from allauth.account import forms as allauth_forms

from accounts.forms import HoneypotForm


class LoginForm(HoneypotForm, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(HoneypotForm, allauth_forms.ResetPasswordForm):
    pass
