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
