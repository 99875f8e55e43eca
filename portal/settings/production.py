"""Production: gunicorn behind a proxy, configured only by the environment."""

from django.core.exceptions import ImproperlyConfigured

from base.environment import env

from .base import *  # noqa: F403

DEBUG = False

_missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]  # noqa: F405
if _missing:
    raise ImproperlyConfigured(
        f"Production settings need {' and '.join(_missing)}: set the environment "
        f"variable{'s' if len(_missing) > 1 else ''} (see README.md)."
    )

# Hashed, compressed (gzip and brotli) static files, served by whitenoise
# with far-future cache headers.
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"]  # noqa: F405
PUBLIC_URL = (env("PUBLIC_URL") or (CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "")).rstrip("/")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL") or PUBLIC_URL
WAGTAILAPI_BASE_URL = PUBLIC_URL
