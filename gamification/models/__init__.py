"""Gamification's models, one module per concern; imported here so `gamification.models.X` and
Django's app registry find them all."""

from gamification.models.alerts import ReportAlert
from gamification.models.datafixes import PlaceSuggestion
from gamification.models.game import GameChoice, GamePlan
from gamification.models.partners import Open311Endpoint, Open311Send, PartnerKey, PartnerWrite
from gamification.models.points import LedgerEntry, PointRule, PointsTotal
from gamification.models.reports import (
    Questionnaire,
    Report,
    ReportPhoto,
    ReportUpdate,
    ResponseTemplate,
    Service,
    ServiceAttribute,
    _report_photo_path,
)
from gamification.models.rewards import Badge, BadgeAward, ChampionTitle, PointsPeriod

__all__ = [
    "Badge",
    "BadgeAward",
    "ChampionTitle",
    "GameChoice",
    "GamePlan",
    "PointsPeriod",
    "LedgerEntry",
    "Open311Endpoint",
    "Open311Send",
    "PartnerKey",
    "PlaceSuggestion",
    "PartnerWrite",
    "PointRule",
    "PointsTotal",
    "Questionnaire",
    "Report",
    "ReportPhoto",
    "ReportAlert",
    "ReportUpdate",
    "ResponseTemplate",
    "Service",
    "ServiceAttribute",
    "_report_photo_path",
]
