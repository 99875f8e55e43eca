"""`make bench-pwa`: Putokaz as a phone sees it (issue 18).

- Lighthouse (npm, run on Debian's Chromium, mobile emulation: a mid-range
  phone on a slow 4G connection) on the home page and a guide in English and
  Arabic: the performance, accessibility, best-practices and SEO scores
  (goal: each at least 95).
- Chromium's installability checks (Lighthouse dropped its PWA category in
  version 12; these are the checks it ran), in a normal browser profile.
- The transfer size of the service worker and its script, and the storage a
  topic saved for offline takes.

The portal runs as in `make bench`: the production gunicorn and settings on
the demo database, with the page cache.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from . import pages as bench

LIGHTHOUSE = bench.ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_VERSION = "13.5.0"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = [
    ("home, English", "/en/"),
    ("guide, English", "/en/health/emergency-care/"),
    ("home, Arabic", "/ar/"),
    ("guide, Arabic", "/ar/residence/seeking-asylum/"),
]
TOPIC = "/en/health/"
GOAL = 95


def install_lighthouse():
    if LIGHTHOUSE.exists():
        return True
    if not shutil.which("npm"):
        print("  npm is missing: no Lighthouse scores (scripts/install-system-deps installs it)")
        return False
    print(f"  installing lighthouse@{LIGHTHOUSE_VERSION} from npm into .cache/lighthouse ...", flush=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(LIGHTHOUSE.parents[2]),
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )
    return LIGHTHOUSE.exists()


def lighthouse(url):
    """Lighthouse's scores (0-100) for one page, mobile emulation."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": bench.CHROMIUM},
            check=True,
            timeout=300,
        )
        data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    return scores, failed


def offline_figures(base):
    """Installability, and what a saved topic takes, in a normal (not
    private) Chromium profile, as a reader's phone would have."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS, headless=True
        )
        try:
            page = context.new_page()
            page.goto(base + TOPIC)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            cdp = context.new_cdp_session(page)
            errors = [error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
            page.get_by_role("button", name="Save this topic for offline").click()
            page.locator(".offline-save [role=status]").filter(has_text="Saved for offline").wait_for(timeout=60_000)
            index = page.evaluate(
                """() => caches.open('putokaz-meta').then(c => c.match('/offline-index.json')).then(r => r.json())"""
            )
            topic = base + TOPIC
            saved = [entry for entry in index["pages"].values() if entry["saved"] in (topic, TOPIC)]
            usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
        finally:
            context.close()
    return {
        "installability_errors": errors,
        "saved_pages": len(saved),
        "saved_bytes": sum(entry["bytes"] for entry in saved),
        "storage_usage": usage,
    }


def transfer(base, path):
    """Bytes of one file as served, and gzip-compressed as whitenoise sends it."""
    with urllib.request.urlopen(base + path) as response:  # noqa: S310 (the bench's own server, on loopback)
        body = response.read()
    return len(body), len(gzip.compress(body, 9))


def kib(value):
    return f"{value / 1024:.1f} KiB"


def main():
    bench.WORK.mkdir(exist_ok=True)
    redis_url = bench.REDIS_URL if bench.redis_answers(bench.REDIS_URL) else None
    database = bench.ensure_database(0)
    bench.manage(bench.portal_env(database, 0, None), "collectstatic", "--noinput", "-v0")
    has_lighthouse = install_lighthouse()
    bench.flush_cache(redis_url)
    server = bench.Server(database, bench.CACHED_SECONDS, redis_url, "pwa")
    try:
        server.wait_ready()
        base = server.url
        print(
            f"\n== Lighthouse {LIGHTHOUSE_VERSION}, mobile emulation, Chromium {chromium_version()} (goal: each ≥ {GOAL})"
        )
        if has_lighthouse:
            header = ["page", *CATEGORIES, "failed audits"]
            rows = []
            for name, path in PAGES:
                scores, failed = lighthouse(base + path)
                rows.append([f"{name} {path}", *(scores[c] for c in CATEGORIES), ", ".join(failed) or "-"])
            bench.print_table(header, rows)
        print("\n== Offline reading")
        figures = offline_figures(base)
        installable = "yes" if not figures["installability_errors"] else ", ".join(figures["installability_errors"])
        print(f"  installable (Chromium's installability checks): {installable}")
        static = bench.WORK / "static" / "staticfiles.json"
        names = json.loads(static.read_text())["paths"] if static.exists() else {}
        for label, path in (
            ("service worker /sw.js", "/sw.js"),
            ("its script offline.js", "/static/" + names.get("offline/offline.js", "offline/offline.js")),
            ("the checklist's checklist.js", "/static/" + names.get("guides/checklist.js", "guides/checklist.js")),
            ("manifest /en/manifest.webmanifest", "/en/manifest.webmanifest"),
        ):
            size, compressed = transfer(base, path)
            print(f"  {label:<36}{kib(size):>10} ({kib(compressed)} compressed)")
        print(
            f"  topic {TOPIC} saved for offline: {figures['saved_pages']} pages, {kib(figures['saved_bytes'])} "
            f"(the origin's whole storage then: {kib(figures['storage_usage'])}, as the browser estimates it)"
        )
    finally:
        server.stop()


def chromium_version():
    result = subprocess.run([bench.CHROMIUM, "--version"], capture_output=True, text=True)
    words = result.stdout.split()  # "Chromium 156.0.8078.114 built on Debian ..."
    return words[1] if len(words) > 1 else "?"


if __name__ == "__main__":
    sys.exit(main())
