"""A real OpenID Connect provider for the tests: django-oauth-toolkit in its OIDC mode, run as a
second server beside Civic Twin, standing in for LinkedIn ("Sign In with LinkedIn using OpenID
Connect" returns only name, email, picture and locale). See tests/accounts/test_federated_sign_in.py."""
