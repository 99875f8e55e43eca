"""make bench-load: the portal under a rush of readers.

Against the portal as production runs it (gunicorn with portal/gunicorn.conf.py,
production settings, the demo content, Redis when one answers) on loopback,
wrk sends BENCH_LOAD_SECONDS (default 60) of mixed traffic over
BENCH_LOAD_CONNECTIONS (default 64) connections: every live page in every
language, searches from shared/eval/search_queries.yaml on the search page
and the JSON API, suggestions, "Did this guide help you?" answers, and a few
addresses that do not exist. It prints the requests served, the answers by
status, the errors (anything but 2xx/3xx, the intended 404s of unknown
addresses and the 429s of the rate limits), and the workers' memory after
start-up, after a 10-second warm-up and at the end. Workers are not recycled
during the run (GUNICORN_MAX_REQUESTS=0), so memory growth shows leaks.

Prints figures, asserts nothing. Needs wrk (scripts/install-bench-deps).
"""

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

from bench.pages import (
    ROOT,
    WORK,
    Server,
    ensure_database,
    manage,
    memory_kib,
    portal_env,
    redis_answers,
    require_wrk,
    worker_pids,
)

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "64"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
EVAL = Path(os.environ.get("SEARCH_EVAL", ROOT.parent / "shared" / "eval" / "search_queries.yaml"))
INTENDED = {404, 429}

# wrk's script: each connection walks the mix from its own starting point and
# every thread counts answers by status; done() adds them up.
LUA = r"""
local requests = {}
%(requests)s
counter = 1
counts = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#requests)
  counts = {}
end

function request()
  local r = requests[counter]
  counter = counter %% #requests + 1
  return r
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%%d": %%d', status, n))
  end
  io.write("STATUS {" .. table.concat(parts, ", ") .. "}\n")
  io.write(string.format("LATENCY %%d %%d %%d\n", latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def lua_string(value):
    return json.dumps(value)  # a JSON string is a valid Lua string literal for ASCII


def live_pages(env):
    script = "from wagtail.models import Page; import json; print(json.dumps([[p.url, type(p.specific).__name__, p.pk] for p in Page.objects.live().filter(depth__gt=1)]))"
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def traffic(pages):
    """The mix: mostly pages, then searches, feedback, unknown addresses."""
    rng = random.Random(484)
    cases = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["cases"]
    mix = []
    for url, kind, _pk in pages:
        mix += [("GET", quote(url, safe="/"), None)] * (3 if kind == "GuidePage" else 1)
    for case in cases:
        query = urlencode({"q": case["q"]})
        mix.append(("GET", f"/{case['lang']}/search/?{query}", None))
        mix.append(("GET", f"/api/search/?{query}&lang={case['lang']}", None))
        mix.append(("GET", f"/api/search/suggest/?{urlencode({'q': case['q'][:4]})}&lang={case['lang']}", None))
    guides = [(url, pk) for url, kind, pk in pages if kind == "GuidePage"]
    for url, pk in rng.sample(guides, k=min(40, len(guides))):
        language = url.split("/")[1]
        mix.append(("POST", f"/{language}/feedback/{pk}/", "helpful=" + rng.choice(["yes", "no"])))
    for language in ("en", "ru", "ar"):
        mix.append(("GET", f"/{language}/no-such-page/", None))
    rng.shuffle(mix)
    return mix


def lua_script(mix):
    lines = []
    for method, path, body in mix:
        if body is None:
            lines.append(f"table.insert(requests, wrk.format({lua_string(method)}, {lua_string(path)}))")
        else:
            headers = '{["Content-Type"] = "application/x-www-form-urlencoded"}'
            lines.append(
                f"table.insert(requests, wrk.format({lua_string(method)}, {lua_string(path)}, {headers}, {lua_string(body)}))"
            )
    return LUA % {"requests": "\n".join(lines)}


def run_wrk(url, script, seconds, connections):
    command = [
        "wrk",
        f"-t{min(2, os.cpu_count() or 1)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        "Accept-Encoding: gzip, br",
        "-s",
        script,
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def workers_memory(server):
    """(largest current RSS, largest peak) over the workers, in MiB."""
    figures = [memory_kib(pid) for pid in worker_pids(server.process.pid)]
    figures = [f for f in figures if f]
    return max(f[1] for f in figures) / 1024, max(f[0] for f in figures) / 1024


def main():
    require_wrk("bench-load")
    WORK.mkdir(exist_ok=True)
    redis_url = REDIS_URL if redis_answers(REDIS_URL) else None
    database = ensure_database(0)
    manage(portal_env(database, 0, None), "collectstatic", "--noinput", "-v0")
    pages = live_pages(portal_env(database, 0, None))
    mix = traffic(pages)
    if redis_url:
        subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], capture_output=True)
    os.environ["GUNICORN_MAX_REQUESTS"] = "0"  # no recycling: memory growth is real growth
    server = Server(database, 600, redis_url, "load")
    server.wait_ready()
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(lua_script(mix))
        print(
            f"Portal: gunicorn, {len(worker_pids(server.process.pid))} workers, production settings, "
            f"cache {'Redis ' + redis_url if redis_url else 'local memory per worker'}, demo content"
        )
        print(
            f"Mix: {len(mix)} requests ({len(pages)} pages in every language, searches, suggestions, "
            f"{sum(1 for m in mix if m[0] == 'POST')} feedback answers, unknown addresses)"
        )
        started = workers_memory(server)
        run_wrk(server.url, handle.name, 10, CONNECTIONS)
        warm = workers_memory(server)
        print(f"\nLoad: {SECONDS} s, {CONNECTIONS} connections ...", flush=True)
        output = run_wrk(server.url, handle.name, SECONDS, CONNECTIONS)
        end = workers_memory(server)
    finally:
        server.stop()
        Path(handle.name).unlink(missing_ok=True)

    statuses = {int(k): v for k, v in json.loads(output.split("STATUS ", 1)[1].splitlines()[0]).items()}
    p50, p99, worst = (int(n) / 1000 for n in output.split("LATENCY ", 1)[1].split()[:3])
    served = sum(statuses.values())
    errors = {s: n for s, n in statuses.items() if not (200 <= s < 400) and s not in INTENDED}
    socket_errors = next(
        (line.strip() for line in output.splitlines() if "Socket errors" in line), "Socket errors: none"
    )
    events = server.events()
    print(f"  requests served   {served}  ({served / SECONDS:.0f} per second)")
    print(f"  latency           p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
    print("  by status         " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(
        f"  errors            {sum(errors.values())} (non-2xx/3xx other than intended 404 and 429)"
        + (f": {errors}" if errors else "")
    )
    print(f"  {socket_errors}")
    print(f"  server errors in the log: {len(events['errors'])}")
    print("\nWorker memory (largest worker, RSS)")
    print(f"  after start-up    {started[0]:.1f} MiB")
    print(f"  after warm-up     {warm[0]:.1f} MiB")
    print(f"  at the end        {end[0]:.1f} MiB (peak {end[1]:.1f} MiB)")
    growth = (end[0] - warm[0]) / warm[0] * 100
    print(f"  growth over the run: {growth:+.1f}% (target under 10%)")


if __name__ == "__main__":
    main()
