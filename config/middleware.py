"""Request-wide answers to bad input: a parameter that fails its parser is a 400, never a 500."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from params import BadParameter


def bad_parameter_response(request, problem: BadParameter):
    if request.path.startswith("/api/"):
        return JsonResponse({problem.name: [str(problem.message)]}, status=400)
    return render(request, "400.html", {"problem": problem}, status=400)


def _nul_in(params) -> BadParameter | None:
    """No parameter of ours can hold a NUL character, and PostgreSQL refuses to compare with one."""
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return BadParameter(name.replace("\x00", "") or "?", _("This must not contain a NUL character."))
    return None


class BadParameterMiddleware:
    """Views parse ids and numbers with `params`; whatever they raise is answered here, and a
    NUL character in the path or any query or form parameter is refused before a view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return bad_parameter_response(request, BadParameter("path", _("This must not contain a NUL character.")))
        problem = _nul_in(request.GET) or (
            _nul_in(request.POST) if request.content_type == "application/x-www-form-urlencoded" else None
        )
        if problem:
            return bad_parameter_response(request, problem)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_parameter_response(request, exception)
        return None
