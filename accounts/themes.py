"""The fixed set of themes people rank as priorities and content is tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    JOBS_SKILLS = "jobs_skills", _("Jobs and skills")
    AIR_QUALITY = "air_quality", _("Air quality")
    GREEN_BLUE_SPACE = "green_blue_space", _("Green and blue space")
    HOUSING = "housing", _("Housing")
    TRANSPORT = "transport", _("Transport")
    ENERGY_NET_ZERO = "energy_net_zero", _("Energy and net zero")
    SAFETY = "safety", _("Safety")
    HEALTH_WELLBEING = "health_wellbeing", _("Health and wellbeing")
    COMMUNITY_CULTURE = "community_culture", _("Community and culture")


DEFAULT_PRIORITIES = [theme.value for theme in Theme]
