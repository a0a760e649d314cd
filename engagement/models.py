"""Participation primitives used on any registered model: comments, reactions, follows, flags."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from engagement.registry import targets_in_area


class TargetMixin(models.Model):
    """A generic link to the registered object this row is about."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Comment(TargetMixin):
    """A comment, or a reply to one (one level deep). Authors may edit for a while and delete;
    deletion is soft so replies keep their place. Erasure unlinks the author, keeps the words."""

    MAX_LENGTH = 4000

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("comment"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Set by moderation; hidden comments keep their text for the audit. A held comment (a new
    # account's first posts with links) is hidden until a moderator approves it.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(_("why it was hidden"), blank=True, max_length=1000)
    held = models.BooleanField(_("waiting for review"), default=False)
    helpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="comment_not_own_parent"),
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.content_type.model} {self.object_id}"

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HELPFUL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user", "kind"], name="one_reaction_per_kind")]

    def __str__(self):
        return f"{self.kind} on comment {self.comment_id}"


class Follow(TargetMixin):
    """Someone wants to hear about changes to this item (notifications read this)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="one_follow_per_item")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user_id} follows {self.content_type_id}:{self.object_id}"


class Support(TargetMixin):
    """ "I support this" on an item (e.g. an idea). Targets with a `support_count` field have it
    moved in the same transaction."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                name="one_support_per_item",
                condition=models.Q(user__isnull=False),
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Support for {self.content_type_id}:{self.object_id}"


class Flag(TargetMixin):
    """A report that an item or comment breaks the rules; moderation works through these."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or offensive")
        PERSONAL = "personal", _("Shares someone's personal information")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("anything else we should know"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"], name="one_flag_per_reporter_per_item"
            )
        ]
        indexes = [models.Index(fields=["reviewed_at", "created_at"])]

    def __str__(self):
        return f"Report ({self.reason}) on {self.content_type_id}:{self.object_id}"


class Consultation(index.Indexed, TargetMixin):
    """A consultation on a registered item (usually a proposal), run through stages.

    Which actions each stage allows is declared once in permissions.STAGE_ACTIONS.
    """

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DECISION_PUBLISHED = "decision_published", _("Decision published")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone signed in")
        AREAS = "areas", _("Residents of chosen areas")
        ORGANISATIONS = "organisations", _("Members of chosen organisations")
        VERIFIED = "verified", _("Verified residents")

    class ResultsVisibility(models.TextChoices):
        LIVE = "live", _("Live while it is open")
        AFTER_CLOSE = "after_close", _("Only after it closes")

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what we are asking and why"), blank=True, max_length=4000)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    starts_at = models.DateTimeField(_("opens"), null=True, blank=True)
    ends_at = models.DateTimeField(_("closes"), null=True, blank=True)
    audience = models.CharField(
        _("who can take part"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    audience_areas = models.ManyToManyField("places.Area", blank=True, related_name="+")
    audience_organisations = models.ManyToManyField("accounts.Organisation", blank=True, related_name="+")
    results_visibility = models.CharField(
        _("when results are shown"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    response_count = models.PositiveIntegerField(default=0)
    # Stance tallies, moved in the same transaction as the votes they count.
    support_count = models.PositiveIntegerField(default=0)
    neutral_count = models.PositiveIntegerField(default=0)
    oppose_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "stage"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("engagement:consultation", kwargs={"pk": self.pk})

    # The site search (sitesearch/): consultations that have opened.
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("id"),
    ]

    @classmethod
    def search_visible(cls, user):
        """Found by the site search: opened ones only, for staff too (drafts are not news)."""
        not_started = models.Q(stage=cls.Stage.OPEN, starts_at__gt=timezone.now())
        return cls.objects.exclude(stage=cls.Stage.DRAFT).exclude(not_started).select_related("content_type")

    @classmethod
    def search_in_area(cls, queryset, area):
        """Consultations on items in the area (items whose model can say where they are) or
        asking the area's residents."""
        return queryset.filter(targets_in_area(area, leave_out=(cls,)) | models.Q(audience_areas=area)).distinct()

    def search_result(self) -> dict:
        return {"status": self.get_effective_stage_display(), "text": self.description}

    def get_effective_stage_display(self) -> str:
        return str(self.Stage(self.effective_stage).label)

    @property
    def effective_stage(self) -> str:
        """The stage as people experience it now: an open consultation past its end is closed."""
        now = timezone.now()
        if self.stage == self.Stage.OPEN:
            if self.ends_at and now >= self.ends_at:
                return self.Stage.CLOSED
            if self.starts_at and now < self.starts_at:
                return self.Stage.DRAFT
        return self.stage


class Question(models.Model):
    """One question in a consultation. Options are fixed once the consultation opens, so the
    option index stored on answers always means the same thing."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating from 1 to 5")
        RANKING = "ranking", _("Ranking")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING}
    TEXT_MAX_LENGTH = 2000

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type of question"), max_length=10, choices=Kind.choices)
    prompt = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.prompt


class Response(models.Model):
    """One person's answers to a consultation; editable until it closes."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    # Null after account erasure: the answers still count, no longer linked to the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    # The respondent's ward when they answered, kept for results by area (no link to the person).
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                name="one_response_per_person",
                condition=models.Q(user__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Response {self.pk} to consultation {self.consultation_id}"


class Answer(models.Model):
    """An answer row. Single choice: one row with `option`. Multiple choice: a row per chosen
    option. Ranking: a row per option with `value` = its rank (1 is first). Rating: `value` 1–5.
    Free text: `text`. Rows make tallies a GROUP BY in the database."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=Question.TEXT_MAX_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"Answer to question {self.question_id}"


class StanceVote(models.Model):
    """One person's support / neutral / oppose on a consultation; changeable while it is open."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("Support")
        NEUTRAL = "neutral", _("Neutral")
        OPPOSE = "oppose", _("Oppose")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    # Null after account erasure: the vote still counts, it is no longer linked to the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stance_votes"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    # The voter's ward when they voted, kept for results by area.
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                name="one_stance_vote_per_person",
                condition=models.Q(user__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.stance} on consultation {self.consultation_id}"


class ModerationCase(TargetMixin):
    """One item in the moderation queue: a reported item, a new item to look over, or a post
    held until a moderator approves it. At most one open case per item; reports add to it."""

    class Kind(models.TextChoices):
        FLAGGED = "flagged", _("Reported")
        HELD = "held", _("Waiting for approval")
        NEW = "new", _("New")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Dealt with")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    flag_count = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)  # flag reasons seen, for filtering
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_cases",
        verbose_name=_("assigned to"),
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="open"),
                name="one_open_case_per_item",
            )
        ]
        indexes = [models.Index(fields=["status", "content_type", "opened_at"])]
        permissions = [("moderate", "Can moderate contributions and block people")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.excerpt[:40]}"


class ModerationAction(models.Model):
    """The audit log: who did what, when and why, with the words as they were."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        REVIEW = "review", _("Marked reviewed")
        APPROVE = "approve", _("Approved")
        ASSIGN = "assign", _("Assigned")
        BLOCK = "block", _("Blocked user")
        UNBLOCK = "unblock", _("Unblocked user")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_actions"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    original_text = models.TextField(_("text at the time"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.moderator_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """Something a person should know about, shown in the app and, as they choose, emailed at
    once or in a daily digest."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies to my comments")
        FOLLOWED = "followed", _("News on things I follow")
        RESPONSE = "response", _("Official responses to my ideas")
        MODERATION = "moderation", _("Moderators' decisions about my posts")
        DATA_ACCESS = "data_access", _("Decisions on my requests for data")
        AREA_ALERT = "area_alert", _("New street reports in places I watch")
        REWARD = "reward", _("Badges and levels I earn")
        OPPORTUNITY_ALERT = "opportunity_alert", _("New investment opportunities matching my alerts")
        MESSAGE = "message", _("Messages in my investment enquiries")
        DATA_ROOM = "data_room", _("Access to investment data rooms")
        CAMPAIGN = "campaign", _("Crowdfunding campaigns I pledged to or run")

    class Email(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DIGEST = "digest", _("Waiting for the daily digest")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not emailed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=2000)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.SKIPPED)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(fields=["email", "recipient"]),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """How a person wants each kind of notification emailed. No row means the default."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Email me straight away")
        DAILY = "daily", _("Email me once a day, in a digest")
        OFF = "off", _("Do not email me (still shown here)")

    DEFAULTS = {
        Notification.Kind.REPLY: Email.IMMEDIATE,
        Notification.Kind.FOLLOWED: Email.DAILY,
        Notification.Kind.RESPONSE: Email.IMMEDIATE,
        Notification.Kind.MODERATION: Email.IMMEDIATE,
        Notification.Kind.DATA_ACCESS: Email.IMMEDIATE,
        Notification.Kind.AREA_ALERT: Email.DAILY,
        Notification.Kind.REWARD: Email.OFF,
        Notification.Kind.OPPORTUNITY_ALERT: Email.IMMEDIATE,  # the alert itself is immediate or weekly
        Notification.Kind.MESSAGE: Email.IMMEDIATE,
        Notification.Kind.DATA_ROOM: Email.IMMEDIATE,
        Notification.Kind.CAMPAIGN: Email.IMMEDIATE,
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    email = models.CharField(max_length=10, choices=Email.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.email}"


class EmailSent(models.Model):
    """At most one email per item per person per day: a row per (person, item, day) sent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "content_type", "object_id", "day"], name="one_email_per_item_per_day"
            )
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.content_type_id}:{self.object_id} {self.day}"
