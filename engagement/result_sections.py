"""Extra sections of a consultation's results page, contributed by the apps above engagement
(engagement never imports them). A feature app registers a provider in its AppConfig.ready():

    result_sections.register(provider)

`provider(consultation, user)` returns None (nothing to add) or a dict with "template" (included
with the dict as `section`) and whatever that template needs, e.g. the planning game's plans that
residents shared as feedback.
"""

from collections.abc import Callable

_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sections(consultation, user) -> list[dict]:
    return [section for provider in _PROVIDERS if (section := provider(consultation, user))]
