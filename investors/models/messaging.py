"""Enquiry threads about an opportunity between an investor, its promoter and the council. People
are shown by display name and organisation only, never by email address. Unread messages are the
recipients' unread notifications of kind "message" (one per message), so counts, emails and
digests follow each person's notification preferences."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investors.models.dataroom import _private_storage  # one definition; migrations name it here too
from investors.models.opportunities import Opportunity


def _attachment_path(instance, filename):
    return f"messages/{instance.thread_id}/{filename}"


class Thread(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="threads")
    subject = models.CharField(_("subject"), max_length=160)
    # The enquirer and the organisation they wrote for (its members share the thread).
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="started_threads"
    )
    investor = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiry_threads",
        verbose_name=_("writing for"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        indexes = [models.Index(fields=["opportunity", "-last_message_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("investors:thread", kwargs={"pk": self.pk})


class Message(models.Model):
    class Side(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        PROMOTER = "promoter", _("Promoter")
        COUNCIL = "council", _("Council")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="investor_messages"
    )
    # What readers see of the author, fixed when written: display name and organisation, no email.
    author_label = models.CharField(max_length=200)
    side = models.CharField(max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=5000)
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, storage=_private_storage, blank=True)
    attachment_name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self):
        return f"{self.author_label}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#message-{self.pk}"

    # The moderation queue (engagement.moderation): the words kept in its audit log.
    @property
    def moderation_text(self) -> str:
        return self.body

    @property
    def moderation_area(self):
        return None
