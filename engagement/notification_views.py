"""A person's notifications, their email preferences, and unsubscribe links from emails."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from engagement import emails, notifications
from engagement.models import Notification, NotificationPreference
from params import parse_ids


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        pks = parse_ids(request.POST.getlist("notification"), name="notification", limit=1000) or None
        n = notifications.mark_read(user=request.user, pks=pks)
        messages.success(request, _("%(n)s notifications marked as read.") % {"n": n})
        return redirect("engagement:notifications")
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "engagement/notifications.html", {"page": page, "unread": notifications.unread_count(request.user)}
    )


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Email.choices,
                widget=forms.RadioSelect,
                initial=current[kind],
                error_messages={"required": gettext_lazy("Choose how to hear about this.")},
            )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, current=notifications.preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        notifications.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("engagement:notification-preferences")
    return render(
        request, "engagement/notification_preferences.html", {"form": form}, status=422 if form.errors else 200
    )


@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe posts without a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    found = emails.unsubscribe_read(token)
    if found is None:
        return render(request, "engagement/unsubscribe.html", {"invalid": True}, status=400)
    kind_label = dict(Notification.Kind.choices)[found[1]]
    if request.method == "POST":
        notifications.unsubscribe(token=token)
        return render(request, "engagement/unsubscribe.html", {"done": True, "kind": kind_label})
    return render(request, "engagement/unsubscribe.html", {"kind": kind_label, "token": token})
