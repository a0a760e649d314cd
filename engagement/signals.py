"""Signals other apps subscribe to (notifications, points, live updates): sent on commit."""

from django.dispatch import Signal

# sender=Comment, comment=..., target=...
comment_posted = Signal()
# sender=Flag, flag=..., target=...
item_flagged = Signal()
