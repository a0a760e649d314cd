from oauth2_provider.oauth2_validators import OAuth2Validator

# What LinkedIn's OpenID Connect returns beyond `sub`: name, email, picture and locale (as a
# BCP 47 string in its userinfo; Civic Twin also reads LinkedIn's older {"language", "country"}).
PEOPLE = {
    "priya@example.org": {"given_name": "Priya", "family_name": "Shah", "locale": "pl-PL"},
}


class LinkedInLikeValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        person = PEOPLE.get(user.email, {})
        return {
            "given_name": person.get("given_name", ""),
            "family_name": person.get("family_name", ""),
            "name": f"{person.get('given_name', '')} {person.get('family_name', '')}".strip(),
            "email": user.email,
            "email_verified": True,
            "picture": "https://media.example.org/priya.jpg",
            "locale": person.get("locale", "en-GB"),
        }
