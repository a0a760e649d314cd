"""Signals the twin sends; feature apps subscribe in their AppConfig.ready().

kpis_refreshed(sender, source_id, kpi_codes, area_codes): a sync stored new or changed observations.
scores_changed(sender, subjects): new current ScoreRuns exist for these "app_label.model:pk" keys.
"""

from django.dispatch import Signal

kpis_refreshed = Signal()
scores_changed = Signal()
