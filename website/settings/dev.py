"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env("DEBUG", True, cast=bool)
# Mail goes to the console so a developer sees every notification without a mail server.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# runserver serves static files itself; no collectstatic step before `make run`.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Demo accounts and demo cases are created only where this is true.
KRPPA_DEMO_DATA = True
# No collectstatic here: static files come straight from the apps (WhiteNoise then has no root to scan).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
