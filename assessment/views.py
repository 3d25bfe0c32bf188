"""Public downloads of the assessment domain."""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_safe

from .excel import build_instrument, instrument_filename, xlsx_response
from .models import Framework


@require_safe
def instrument_download(request: HttpRequest, slug: str):
    """The blank instrument of a live framework; `?lang=en` gives the English texts where they exist.

    The URL sits outside the language prefixes, so the workbook's language is chosen here: the
    instrument is Indonesian unless English is asked for.
    """
    framework = get_object_or_404(Framework.objects.published(), slug=slug)
    requested = request.GET.get("lang", "")
    language = requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        return xlsx_response(build_instrument(framework), filename=instrument_filename(framework))
