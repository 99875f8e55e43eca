"""make bench-search: how well and how fast search answers.

1. Relevance: shared/eval/search_queries.yaml against the demo content, on
   the database backend and on OpenSearch (osmem-server, or the cluster at
   SEARCH_BENCH_URL): recall@1, recall@3 and MRR per language.
2. Scale: a generated corpus of 10,000 guides across the languages
   (BENCH_GUIDES to change it): indexing time, and p50/p95 query latency on
   each engine.

Runs in a throwaway SQLite database; prints figures, asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("SEARCH_EVAL", ROOT.parent / "shared" / "eval" / "search_queries.yaml"))


def setup_django(folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def relevance(cases):
    from search import engine

    per_language = defaultdict(lambda: {"n": 0, "r1": 0, "r3": 0, "rr": 0.0})
    misses = []
    for case in cases:
        keys = [result.key for result in engine.search(case["q"], case["lang"], limit=10).results]
        rank = next((i for i, key in enumerate(keys, start=1) if key in case["expect"]), None)
        for bucket in (per_language[case["lang"]], per_language["all"]):
            bucket["n"] += 1
            bucket["r1"] += rank == 1
            bucket["r3"] += bool(rank and rank <= 3)
            bucket["rr"] += 1 / rank if rank else 0
        if rank != 1:
            misses.append(f"{case['lang']}: {case['q']!r} → rank {rank or '-'}")
    return per_language, misses


def print_relevance(name, per_language, misses):
    print(f"\n{name}: relevance on {EVAL.name}")
    print(f"  {'language':<9}{'queries':>8}{'recall@1':>10}{'recall@3':>10}{'MRR':>7}")
    for language in sorted(per_language, key=lambda code: (code == "all", code)):
        b = per_language[language]
        print(f"  {language:<9}{b['n']:>8}{b['r1'] / b['n']:>10.2f}{b['r3'] / b['n']:>10.2f}{b['rr'] / b['n']:>7.2f}")
    for miss in misses:
        print(f"    not first: {miss}")


def latency(cases, rounds=5):
    from search import engine

    timings = []
    for _ in range(rounds):
        for case in cases:
            start = time.perf_counter()
            engine.search(case["q"], case["lang"], limit=10)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(timings)


def index_documents(backend, chunk=500):
    """Bulk-index every search document into an engine, as update_index does."""
    from search.models import SearchDocument

    index = backend.get_index_for_model(SearchDocument)
    documents = SearchDocument.objects.order_by("pk")
    for start in range(0, documents.count(), chunk):
        index.add_items(SearchDocument, list(documents[start : start + chunk]))
    index.refresh()
    return documents.count()


def main():
    import yaml

    cases = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["cases"]
    guides = int(os.environ.get("BENCH_GUIDES", "10000"))
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from django.core.management import call_command
        from django.test.utils import override_settings
        from osmem_server import OsmemServer
        from wagtail.search.backends import get_search_backend

        from bench.corpus import generate_guides
        from portal.settings.base import search_backends
        from search.documents import rebuild_documents
        from search.models import SearchDocument

        call_command("migrate", verbosity=0)
        call_command("load_demo_content", verbosity=0)
        print(
            f"Demo content: {SearchDocument.objects.count()} guide documents in {SearchDocument.objects.values('locale').distinct().count()} languages"
        )

        server = None
        url = os.environ.get("SEARCH_BENCH_URL")
        if not url:
            server = OsmemServer.start(japanese=False)
            url = server.url
            print(f"OpenSearch: osmem-server {server.version} at {url}")
        else:
            print(f"OpenSearch: {url}")
        indexing = search_backends(url)
        indexing["default"]["TIMEOUT"] = 120  # bulk requests; readers' queries keep SEARCH_TIMEOUT
        engines = {
            "database": search_backends(None),
            "opensearch": {**search_backends(url)},
        }
        try:
            with override_settings(WAGTAILSEARCH_BACKENDS=indexing):
                call_command("update_index", backend_name="default", verbosity=0)
            for name, backends in engines.items():
                with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                    print_relevance(name, *relevance(cases))

            print(f"\nGenerating {guides} guides across the languages ...")
            start = time.perf_counter()
            generate_guides(guides)
            print(f"  pages created in {time.perf_counter() - start:.1f} s")
            with override_settings(WAGTAILSEARCH_BACKENDS=engines["database"]):
                start = time.perf_counter()
                count = rebuild_documents()
                print(
                    f"  database backend: {count} documents analysed and indexed in {time.perf_counter() - start:.1f} s"
                )
            with override_settings(WAGTAILSEARCH_BACKENDS=indexing):
                start = time.perf_counter()
                indexed = index_documents(get_search_backend("default"))
                print(f"  opensearch: {indexed} documents indexed in {time.perf_counter() - start:.1f} s")

            print(
                f"\nQuery latency at {SearchDocument.objects.count()} documents ({len(cases)} queries x 5, whole search incl. analysis and result pages)"
            )
            for name, backends in engines.items():
                with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                    latency(cases, rounds=1)  # warm caches (vocabulary, stems)
                    p50, p95, n = latency(cases)
                    print(f"  {name:<11} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({n} searches)")
        finally:
            if server:
                server.close()


if __name__ == "__main__":
    main()
