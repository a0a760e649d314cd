"""Signals the twin sends; feature apps subscribe in their AppConfig.ready().

kpis_refreshed(sender, source_id, kpi_codes, area_codes): a sync stored new or changed observations.
scores_changed(sender, label, pks): new current ScoreRuns exist for these items.
access_decided(sender, request): a moderator approved or refused an AccessRequest (after commit).
"""

from django.dispatch import Signal

kpis_refreshed = Signal()
scores_changed = Signal()
access_decided = Signal()
