"""Public downloads of the assessment domain."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .excel import build_instrument, instrument_filename, xlsx_response
from .excel.register import build_register, register_filename
from .models import Framework, Region
from .models.regions import CODE_PATTERN


def _download_language(request: HttpRequest) -> str:
    """These URLs sit outside the language prefixes: Indonesian unless `?lang=en` asks for English."""
    requested = request.GET.get("lang", "")
    return requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_safe
def instrument_download(request: HttpRequest, slug: str):
    """The blank instrument of a live framework; `?lang=en` gives the English texts where they exist."""
    framework = get_object_or_404(Framework.objects.published(), slug=slug)
    with translation.override(_download_language(request)):
        return xlsx_response(build_instrument(framework), filename=instrument_filename(framework))


@require_safe
def designation_register(request: HttpRequest):
    """The active KRPPA designations in `?region=CODE` (all of Indonesia without it), public fields only."""
    code = request.GET.get("region", "").strip()
    region = None
    with translation.override(_download_language(request)):
        if code:
            if not CODE_PATTERN.match(code):
                return HttpResponseBadRequest(_("“%(code)s” is not a region code such as 63 or 63.71.")
                                              % {"code": code[:20]}, content_type="text/plain; charset=utf-8")
            region = get_object_or_404(Region, code=code)
        return xlsx_response(build_register(region), filename=register_filename(region))
