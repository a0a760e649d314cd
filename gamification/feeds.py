"""Atom feeds (RFC 4287) of new street reports: the whole district, or one area by its code.
Public fields only, as on the report pages: never a name the reporter did not choose to show."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gamification import selectors
from places.models import Area

ITEMS = 50


class ReportFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code=None):
        if code in (None, "all"):
            return None
        area = Area.objects.filter(code=code[:40]).first()
        if area is None:
            raise Http404(_("No area with this code."))
        return area

    def title(self, area):
        if area is None:
            return _("New street reports")
        return _("New street reports in %(area)s") % {"area": area.name}

    def link(self, area):
        url = reverse("gamification:report-list")
        return f"{url}?area={area.code}" if area is not None and area.kind == Area.Kind.WARD else url

    def subtitle(self, area):
        return _("Problems residents reported in the street, newest first, and what the council did about each.")

    def items(self, area):
        return selectors.reports_for_feed(area=area, limit=ITEMS)

    def item_title(self, report):
        return f"{report.service.name}: {report.get_status_display()}"

    def item_description(self, report):
        lines = [report.address or (report.area.name if report.area else ""), report.description]
        return "\n\n".join(line for line in lines if line)

    def item_author_name(self, report):
        return report.reporter.display_name if report.name_shown and report.reporter else _("A resident")

    def item_pubdate(self, report):
        return report.created_at

    def item_updateddate(self, report):
        return report.updated_at

    def item_categories(self, report):
        return [report.service.name]
