"""An opportunity's data room: who may see and download its documents, the promoter's grants,
watermarked copies and the access log.

Who gets in:
- the promoter's members and the council (moderators) manage it: upload, remove, grant, read the
  log; they may read and download everything;
- an investor with a live grant: the grant's level is a django-guardian object permission on the
  opportunity (`investors.view_dataroom` / `investors.download_dataroom`), and the grant row says
  when it ends. Both are checked where a document is read, so an expired or revoked grant stops
  working at once. Downloads also need a premium or trial tier (the tier gate); view-only readers
  open a watermarked copy in the browser;
- nobody else, and nobody at all while the opportunity is not public (drafts: promoter and council).

Files live in private storage and are only ever served by `document_copy` through a view that
checked `access_for` first."""

import csv
import functools
import io
from dataclasses import dataclass
from html import escape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm
from pypdf import PdfReader, PdfWriter, Transformation

from accounts.models import Membership, User
from engagement.exports import safe_cell
from engagement.models import Notification
from engagement.notifications import notify_in_their_language
from engagement.uploads import clean_pdf
from investors import permissions
from investors.models import DataRoomAccess, DataRoomDocument, DataRoomGrant, Opportunity

VIEW_PERM = "investors.view_dataroom"
DOWNLOAD_PERM = "investors.download_dataroom"
PERM_OF_LEVEL = {DataRoomGrant.Level.VIEW: "view_dataroom", DataRoomGrant.Level.DOWNLOAD: "download_dataroom"}
MAX_DOCUMENTS = 50


@dataclass(frozen=True)
class Access:
    """What one person may do in one data room, and why not when they may not."""

    manage: bool = False
    view: bool = False
    download: bool = False
    grant: DataRoomGrant | None = None
    refused: str = ""  # why downloading is refused though viewing is allowed (the tier gate)


NO_ACCESS = Access()


def _live_grant(user, opportunity) -> DataRoomGrant | None:
    today = timezone.localdate()
    for grant in DataRoomGrant.objects.filter(opportunity=opportunity, user=user, revoked_at__isnull=True):
        if grant.is_live(today):
            return grant
    return None


def access_for(user, opportunity: Opportunity) -> Access:
    """The one answer to "what may this person do in this data room now?"."""
    if not user.is_authenticated:
        return NO_ACCESS
    if permissions.is_promoter_of(user, opportunity) or permissions.is_moderator(user):
        return Access(manage=True, view=True, download=True)
    if not opportunity.is_public:
        return NO_ACCESS
    grant = _live_grant(user, opportunity)
    if grant is None:
        return NO_ACCESS
    may_view = user.has_perm(VIEW_PERM, opportunity) or user.has_perm(DOWNLOAD_PERM, opportunity)
    if not may_view:
        return NO_ACCESS
    if not user.has_perm(DOWNLOAD_PERM, opportunity):
        return Access(view=True, grant=grant, refused=_("Your access is view only: read the documents in the browser."))
    if not permissions.has_premium(user):
        return Access(
            view=True,
            grant=grant,
            refused=_(
                "Downloads need a premium or trial tier on your organisation. You can still read the documents "
                "in the browser."
            ),
        )
    return Access(view=True, download=True, grant=grant)


def check_manage(user, opportunity: Opportunity) -> None:
    if not access_for(user, opportunity).manage:
        raise PermissionDenied(_("Only the promoter's members and the council manage this data room."))


# --- Writes --------------------------------------------------------------------------------------
def document_add(*, user, opportunity: Opportunity, title: str, description: str = "", upload) -> DataRoomDocument:
    check_manage(user, opportunity)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    if len(title) > 160:
        raise ValidationError({"title": _("Keep the title to 160 characters.")})
    if len(description or "") > 1000:
        raise ValidationError({"description": _("Keep the description to 1,000 characters.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a PDF to upload.")})
    if opportunity.dataroom_documents.filter(removed_at__isnull=True).count() >= MAX_DOCUMENTS:
        raise ValidationError(_("A data room holds at most %(n)s documents. Remove one first.") % {"n": MAX_DOCUMENTS})
    try:
        file, pages = clean_pdf(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return DataRoomDocument.objects.create(
        opportunity=opportunity,
        title=title,
        description=(description or "").strip(),
        file=file,
        size_bytes=file.size,
        pages=pages,
        uploaded_by=user,
    )


def document_remove(*, user, document: DataRoomDocument) -> None:
    """Take a document out of the room; the row (and its log) stays, the file goes."""
    check_manage(user, document.opportunity)
    if document.removed_at is None:
        document.file.delete(save=False)
        document.removed_at = timezone.now()
        document.save(update_fields=["removed_at", "file"])


def grant_set(*, user, opportunity: Opportunity, grantee: User, level: str, expires_on=None) -> DataRoomGrant:
    """Give (or change) one person's access. The previous live grant, if any, is closed and a new
    row records the new terms, so the history of who had what stays."""
    check_manage(user, opportunity)
    if level not in DataRoomGrant.Level.values:
        raise ValidationError({"level": _("Choose view only or view and download.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The end date must be today or later.")})
    if grantee.pk == user.pk or permissions.is_promoter_of(grantee, opportunity):
        raise ValidationError({"grantee": _("The promoter's members already have full access.")})
    if not grantee.is_active:
        raise ValidationError({"grantee": _("That account is not active.")})
    with transaction.atomic():
        Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
        _revoke(opportunity, grantee)
        try:
            grant = DataRoomGrant.objects.create(
                opportunity=opportunity, user=grantee, level=level, expires_on=expires_on, granted_by=user
            )
        except IntegrityError as exc:  # a concurrent grant for the same person
            raise ValidationError(_("That person's access was changed at the same moment. Try again.")) from exc
        assign_perm(PERM_OF_LEVEL[level], grantee, opportunity)
        if level == DataRoomGrant.Level.DOWNLOAD:
            assign_perm("view_dataroom", grantee, opportunity)
    url = opportunity.get_absolute_url() + "dataroom/"
    until = formats.date_format(expires_on, "j F Y") if expires_on else ""
    notify_in_their_language(
        recipients=[grantee],
        kind=Notification.Kind.DATA_ROOM,
        words=lambda: (
            _("You can now open the data room of “%(title)s”") % {"title": opportunity.title},
            (_("Access: %(level)s, until %(until)s.") if until else _("Access: %(level)s."))
            % {"level": DataRoomGrant.Level(level).label, "until": until},
        ),
        url=url,
        item=opportunity,
    )
    return grant


def _revoke(opportunity, grantee) -> None:
    DataRoomGrant.objects.filter(opportunity=opportunity, user=grantee, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    for codename in PERM_OF_LEVEL.values():
        remove_perm(codename, grantee, opportunity)


def grant_revoke(*, user, grant: DataRoomGrant) -> None:
    check_manage(user, grant.opportunity)
    with transaction.atomic():
        _revoke(grant.opportunity, grant.user)


def grants_expired_tidy() -> int:
    """Remove the object permissions of grants past their end date (a daily task). Reads never
    depend on this: an expired grant is refused on its date whether or not this has run."""
    today = timezone.localdate()
    expired = list(
        DataRoomGrant.objects.filter(revoked_at__isnull=True, expires_on__lt=today).select_related(
            "opportunity", "user"
        )
    )
    for grant in expired:
        with transaction.atomic():
            _revoke(grant.opportunity, grant.user)
    return len(expired)


# --- Reads ---------------------------------------------------------------------------------------
def documents_of(opportunity: Opportunity):
    return opportunity.dataroom_documents.filter(removed_at__isnull=True).order_by("title", "pk")


def grants_of(opportunity: Opportunity):
    return (
        DataRoomGrant.objects.filter(opportunity=opportunity, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("-granted_at", "-pk")
    )


def log_of(opportunity: Opportunity):
    return (
        DataRoomAccess.objects.filter(document__opportunity=opportunity)
        .select_related("document")
        .order_by("-at", "-pk")
    )


def _label(user) -> str:
    """How the log and the watermark name a person: display name and organisations."""
    orgs = ", ".join(
        Membership.objects.filter(user=user).select_related("organisation").values_list("organisation__name", flat=True)
    )
    name = user.display_name or _("Account %(id)s") % {"id": user.pk}
    return f"{name} ({orgs})" if orgs else name


def _stamp_page(width: float, height: float, text: str):
    return PdfReader(io.BytesIO(_stamp_pdf(width, height, text))).pages[0]


@functools.lru_cache(maxsize=32)
def _stamp_pdf(width: float, height: float, text: str) -> bytes:
    """A transparent page the size of the document's page, carrying the watermark text (rendered by
    WeasyPrint, so any script a name is written in comes out right). The text names the person and
    the minute, so a reader paging through the room reuses the stamp."""
    from weasyprint import HTML  # heavy import, only when a document is served

    size = max(9, min(22, width / 30))
    html = f"""<html><head><style>
      @page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }}
      body {{ margin: 0; font-family: "DejaVu Sans", sans-serif }}
      .mark {{ position: absolute; top: {height * 0.45:.0f}pt; left: 0; width: {width:.0f}pt; text-align: center;
               transform: rotate(-30deg); font-size: {size:.1f}pt; color: rgba(170, 0, 0, 0.30) }}
      .foot {{ position: absolute; top: {height - 20:.0f}pt; left: 12pt; width: {width - 24:.0f}pt;
               font-size: 7pt; color: rgba(0, 0, 0, 0.65) }}
    </style></head><body><div class="mark">{escape(text)}</div><div class="foot">{escape(text)}</div></body></html>"""
    return HTML(string=html).write_pdf()


def watermarked(data: bytes, *, text: str) -> bytes:
    """The PDF with `text` stamped on every page (as page content, not an annotation)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
    stamps: dict[tuple, object] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (round(float(box.width), 1), round(float(box.height), 1))
        if size not in stamps:
            stamps[size] = _stamp_page(size[0], size[1], text)
        page.merge_transformed_page(stamps[size], Transformation().translate(float(box.left), float(box.bottom)))
    writer.add_metadata({"/Subject": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document_copy(*, user, document: DataRoomDocument, download: bool) -> tuple[bytes, str]:
    """A watermarked copy for this person, logged; refuses what `access_for` does not allow."""
    access = access_for(user, document.opportunity)
    if document.removed_at is not None or not access.view:
        raise PermissionDenied(_("You do not have access to this data room."))
    if download and not access.download:
        raise PermissionDenied(access.refused or _("You may not download from this data room."))
    label = _label(user)
    when = formats.date_format(timezone.localtime(), "j F Y H:i")
    text = (
        _("Downloaded by %(who)s on %(when)s · confidential")
        if download
        else _("Viewed by %(who)s on %(when)s · confidential")
    ) % {"who": label, "when": when}
    with document.file.open("rb") as handle:
        data = watermarked(handle.read(), text=text)
    DataRoomAccess.objects.create(
        document=document,
        user=user,
        user_label=label,
        action=DataRoomAccess.Action.DOWNLOAD if download else DataRoomAccess.Action.VIEW,
    )
    return data, text


def log_csv(*, user, opportunity: Opportunity) -> str:
    check_manage(user, opportunity)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "document", "person", "action"])
    for row in log_of(opportunity).iterator(chunk_size=2000):
        writer.writerow(
            [timezone.localtime(row.at).isoformat(timespec="seconds"), safe_cell(row.document.title),
             safe_cell(row.user_label), row.action]
        )  # fmt: skip
    return out.getvalue()


def user_data_export(*, user) -> dict:
    return {
        "data_room_grants": [
            {
                "opportunity": g.opportunity.title,
                "level": g.level,
                "expires_on": str(g.expires_on or ""),
                "granted_at": g.granted_at.isoformat(),
                "revoked_at": g.revoked_at.isoformat() if g.revoked_at else None,
            }
            for g in DataRoomGrant.objects.filter(user=user).select_related("opportunity")
        ],  # fmt: skip
        "data_room_accesses": [
            {"document": a.document.title, "action": a.action, "at": a.at.isoformat()}
            for a in DataRoomAccess.objects.filter(user=user).select_related("document")
        ],
    }


def user_erase(*, user) -> None:
    """Erasure: grants go with the account (cascade); the promoter's log keeps that a document was
    opened, no longer by whom."""
    DataRoomAccess.objects.filter(user=user).update(user=None, user_label=_("An erased account"))
