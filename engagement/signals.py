"""Signals other apps subscribe to (notifications, points, live updates): sent on commit."""

from django.dispatch import Signal

# sender=Comment, comment=..., target=...
comment_posted = Signal()
# sender=Flag, flag=..., target=...
item_flagged = Signal()
# sender=ModerationAction, items=[hidden items], reason=str: tell each author why
content_hidden = Signal()
# sender=ModerationAction, user=..., reason=str
user_blocked = Signal()
# sender=Comment, comment=..., user=... (who marked it): a comment newly marked helpful
comment_marked_helpful = Signal()
# sender=Response, response=..., consultation=..., user=...: a person's first response to a consultation
response_submitted = Signal()
# sender=Support, target=..., user=...: a new supporter (the target's support_count includes them)
support_given = Signal()
