"""Rewards pages: a person's points, level, badges and ledger; the badges and how to earn them;
the leaderboards; and, for moderators, a person's ledger with points taken back for a reason."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gamification import badges, forms, leaderboards, points, selectors
from gamification.models import LedgerEntry
from pagecache import cache_page
from params import parse_id, parse_int

PER_PAGE = 25


@login_required
def mine(request):
    """Your points, level and progress, your badges (held and to earn), and your ledger."""
    person = request.user
    standing = leaderboards.standing_ensure(person)
    level = badges.level_for(standing.total)
    page = Paginator(selectors.ledger_for(person=person), PER_PAGE).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    context = {
        "standing": standing,
        "level": level,
        "levels": [(n, floor, name) for n, (floor, name) in enumerate(badges.LEVELS, start=1)],
        "badges": selectors.badges_with_progress(person=person),
        "page": page,
        "ranked": leaderboards.is_ranked(person),
    }
    return render(request, "gamification/rewards/mine.html", context)


@login_required
@require_POST
def pseudonym_renew(request):
    standing = leaderboards.pseudonym_renew(person=request.user)
    messages.success(request, _("Your new pseudonym is %(name)s.") % {"name": standing.pseudonym})
    return redirect("rewards:mine")


@cache_page
def badge_list(request):
    """Every badge with its criteria and levels, and the levels from points (public)."""
    person = request.user if request.user.is_authenticated else None
    context = {
        "badges": selectors.badges_with_progress(person=person),
        "levels": [(n, floor, name) for n, (floor, name) in enumerate(badges.LEVELS, start=1)],
    }
    return render(request, "gamification/rewards/badges.html", context)


@cache_page
def leaderboard(request):
    """This week, this month or all time; the district, a ward or a community group."""
    wards, groups = list(selectors.wards()), list(selectors.community_groups())
    form = forms.LeaderboardForm(request.GET or None, periods=leaderboards.PERIODS.items(), wards=wards, groups=groups)
    chosen = {"period": "week", "area": "", "group": ""}
    if form.is_bound and form.is_valid():
        chosen.update({k: v for k, v in form.cleaned_data.items() if v})
    area = next((a for a in wards if a.code == chosen["area"]), None)
    group = next((g for g in groups if g.slug == chosen["group"]), None)
    viewer = request.user if request.user.is_authenticated else None
    board = leaderboards.board(period=chosen["period"], area=area, group=group, viewer=viewer)
    context = {
        "form": form,
        "board": board,
        "chosen": chosen,
        "periods": list(leaderboards.PERIODS.items()),
        "minimum": leaderboards.MIN_PEOPLE,
        "ranked": viewer is not None and leaderboards.is_ranked(viewer),
    }
    return render(request, "gamification/rewards/leaderboard.html", context, status=400 if form.errors else 200)


def _moderator(request):
    if not request.user.has_perm("gamification.revoke_points"):
        raise PermissionDenied(_("Only moderators can see and change a person's points."))


@login_required
@require_http_methods(["GET", "POST"])
def person_ledger(request, pk):
    """Moderators: one person's ledger, and taking back a payment with a reason they will see."""
    _moderator(request)
    person = get_user_model().objects.filter(pk=parse_id(pk, name="pk")).first()
    if person is None:
        raise Http404(_("No such person."))
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = LedgerEntry.objects.filter(pk=form.cleaned_data["entry"], person=person).first()
        undone = (
            points.reverse_entry(entry=entry, reason=form.cleaned_data["reason"], by=request.user) if entry else None
        )
        if undone is None:
            form.add_error(None, _("Those points are not in this person's ledger, or were taken back already."))
        else:
            messages.success(request, _("%(n)s points taken back.") % {"n": entry.points})
            return redirect("rewards:person", pk=person.pk)
    page = Paginator(selectors.ledger_for(person=person), 50).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    context = {"person": person, "page": page, "form": form, "total": points.total_for(person=person)}
    return render(request, "gamification/rewards/person.html", context, status=422 if form.errors else 200)
