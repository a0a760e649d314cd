"""People and the organisations they act for."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.themes import DEFAULT_PRIORITIES, Theme


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Signs in with an email address; shown to others only by display name (may be a pseudonym)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Shown next to what you post. It can be a nickname."),
    )
    # Set by a moderator: a blocked person can read and sign in but cannot post, vote or report.
    blocked_at = models.DateTimeField(null=True, blank=True)
    blocked_reason = models.TextField(_("why blocked"), blank=True, max_length=1000)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]
        permissions = [("grant_role", "Can grant and revoke global roles")]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


def _language_choices():
    return settings.LANGUAGES


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    home_area = models.ForeignKey(
        "places.Area",
        verbose_name=_("home area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("preferred language"), max_length=10, blank=True, choices=_language_choices)
    # Every theme, most important first. Always a permutation of Theme (enforced in services).
    priorities = models.JSONField(_("priorities"), default=list)
    # A moderator checked this person lives in the district (for "verified residents" audiences).
    verified_at = models.DateTimeField(_("verified resident since"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_from = models.CharField(max_length=40, blank=True, help_text="Provider a profile was imported from")
    # Leaderboards show a pseudonym, never the display name; this takes the person off them too.
    on_leaderboards = models.BooleanField(_("show me on leaderboards (by a pseudonym)"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        permissions = [("verify_resident", "Can mark a person as a verified resident")]

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def ranked_priorities(self) -> list[Theme]:
        known = [code for code in self.priorities if code in Theme.values]
        known += [code for code in DEFAULT_PRIORITIES if code not in known]
        return [Theme(code) for code in known]

    def top_priorities(self, n: int = 3) -> list[Theme]:
        return self.ranked_priorities[:n]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("Community group")
        INVESTOR_FIRM = "investor_firm", _("Investor firm")
        COUNCIL_TEAM = "council_team", _("Council team")
        BUSINESS = "business", _("Business")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(_("type of organisation"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    website = models.URLField(_("website"), blank=True)
    area = models.ForeignKey(
        "places.Area", verbose_name=_("main area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        permissions = [
            ("manage_organisation", "Can manage the members of this organisation"),
            ("create_council_team", "Can create council team organisations"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:120] or "organisation"
            slug, n = base, 2
            while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} in {self.organisation} ({self.role})"
