"""pytest: the same settings, made fast and hermetic."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
# Hashing demo passwords with PBKDF2 would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No manifest in tests: collectstatic is not part of the suite.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="krppa-test-media-")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
KRPPA_DEMO_DATA = True
# No collectstatic here: static files come straight from the apps (WhiteNoise then has no root to scan).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
