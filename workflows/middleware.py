from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# The work area in Indonesian and, under the language prefix, in English.
WORK_AREA_PREFIXES = tuple(
    "/workflow/" if code == settings.LANGUAGE_CODE else f"/{code}/workflow/" for code, _name in settings.LANGUAGES
)


class WorkAreaLoginMiddleware:
    """Send anonymous visitors of the work area to the login page instead of a bare 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(WORK_AREA_PREFIXES) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
