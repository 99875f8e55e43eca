"""Production settings refuse to start half-configured, with one clear line."""

import json
import os
import subprocess
import sys

from django.conf import settings


def start_production(**env):
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )


def last_line(result):
    return result.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_secret_key():
    result = start_production(ALLOWED_HOSTS="putokaz.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in last_line(result) and "ALLOWED_HOSTS" not in last_line(result)


def test_production_refuses_to_start_without_allowed_hosts():
    result = start_production(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in last_line(result)


def test_production_names_both_when_both_are_missing():
    line = last_line(start_production())
    assert "SECRET_KEY and ALLOWED_HOSTS" in line


def test_production_starts_when_configured():
    result = start_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="putokaz.example")
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_when_workers_would_not_share_the_page_cache(settings):
    from base.checks import shared_page_cache

    settings.REDIS_URL, settings.PAGE_CACHE_SECONDS = "", 600
    assert [message.id for message in shared_page_cache(None)] == ["base.W001"]
    settings.REDIS_URL = "redis://cache.internal:6379/0"
    assert shared_page_cache(None) == []


def test_every_deployment_setting_comes_from_the_environment():
    """Several instances: cache, CDN purge and media storage are chosen by
    environment variables alone (docs/deploy.md)."""
    env = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "putokaz.example",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "CLOUDFLARE_ZONE_ID": "zone",
        "CLOUDFLARE_API_TOKEN": "token",
        "CDN_PURGE_URL": "http://varnish.internal:6081",
        "AWS_STORAGE_BUCKET_NAME": "putokaz-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    script = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], sorted(s.WAGTAILFRONTENDCACHE),"
        "s.STORAGES['default']['BACKEND'], s.AWS_STORAGE_BUCKET_NAME, s.AWS_S3_ENDPOINT_URL]))"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWS_", "CLOUD"))}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [
        "django_redis.cache.RedisCache",
        "redis://cache.internal:6379/0",
        ["cloudflare", "pages", "proxy"],
        "storages.backends.s3.S3Storage",
        "putokaz-media",
        "https://s3.example.org",
    ]
