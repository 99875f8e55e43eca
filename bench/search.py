"""make bench-search: how well and how fast search answers.

1. Relevance: the shared cases (../shared/eval/search_queries.yaml, all of
   kind `own`) and the project's own (bench/search_cases.yaml: own-language,
   cross-lingual, transliterated and question cases in every language)
   against the demo content, on the database backend and on OpenSearch
   (osmem-server, or the cluster at SEARCH_BENCH_URL): recall@1, recall@3
   and MRR per language, per kind and per language and kind, and every
   query whose correct guide did not come first.
2. Scale: a generated corpus of 10,000 guides across the languages
   (BENCH_GUIDES to change it, BENCH_GUIDES=0 to skip this part): indexing
   time, and p50/p95 query latency on each engine.

Runs in a throwaway SQLite database; prints figures, asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = Path(os.environ.get("SEARCH_EVAL", ROOT.parent / "shared" / "eval" / "search_queries.yaml"))
PROJECT_CASES = ROOT / "bench" / "search_cases.yaml"
GUIDE_KEYS = {path.stem for path in (ROOT / "demo" / "en" / "guides").glob("*.yaml")}

# What a case measures (see bench/search_cases.yaml), and the recall@3 that
# issue 15 asks of it: own-language queries per language, cross-lingual ones
# as a whole.
KINDS = ("own", "cross", "translit", "question")
RECALL_AT_3_GOALS = {"own": 0.95, "cross": 0.80}


def load_cases():
    """Both case files as one list; a case without `kind` is `own`.

    Stops on an unknown kind or guide key: a typo there would only show up
    as a miss, blamed on the search."""
    import yaml

    cases = []
    for path in (SHARED_CASES, PROJECT_CASES):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            case = {"kind": "own", **case}
            unknown = set(case["expect"]) - GUIDE_KEYS
            if case["kind"] not in KINDS or unknown:
                raise SystemExit(
                    f"{path.name}: {case['q']!r} has kind {case['kind']!r}, unknown guides {unknown or '-'}"
                )
            cases.append(case)
    return cases


def setup_django(folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.pop("SEARCH_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Each engine answers every query: no kept results (search/cache.py).
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Score:
    """Recall@1, recall@3 and MRR over a group of cases."""

    queries: int = 0
    first: int = 0
    top_three: int = 0
    reciprocal_ranks: float = 0.0

    def add(self, rank):
        self.queries += 1
        self.first += rank == 1
        self.top_three += bool(rank and rank <= 3)
        self.reciprocal_ranks += 1 / rank if rank else 0

    @property
    def recall_at_3(self):
        return self.top_three / self.queries

    def columns(self):
        return (
            f"{self.queries:>8}{self.first / self.queries:>10.2f}"
            f"{self.recall_at_3:>10.2f}{self.reciprocal_ranks / self.queries:>7.2f}"
        )


@dataclass
class Answer:
    """Where one case's correct guide came in a search."""

    case: dict
    rank: int | None  # 1-based; None when no correct guide is in the first 10
    first_key: str | None  # the guide that came first, if any


def relevance(cases):
    from search import engine

    answers = []
    for case in cases:
        keys = [result.key for result in engine.search(case["q"], case["lang"], limit=10).results]
        rank = next((i for i, key in enumerate(keys, start=1) if key in case["expect"]), None)
        answers.append(Answer(case, rank, keys[0] if keys else None))
    return answers


def scores_by(answers, group):
    """Scores per group (a function of the case), plus "all"."""
    scores = defaultdict(Score)
    for answer in answers:
        scores[group(answer.case)].add(answer.rank)
        scores["all"].add(answer.rank)
    return scores


def print_table(heading, scores, order):
    """One table of scores; a row whose kind misses its recall@3 goal says so."""
    print(f"\n  {heading:<17}{'queries':>8}{'recall@1':>10}{'recall@3':>10}{'MRR':>7}")
    for label in sorted(scores, key=order):
        score = scores[label]
        kind = label[1] if isinstance(label, tuple) else label
        goal = RECALL_AT_3_GOALS.get(kind)
        below = f"   below the goal of {goal:.2f}" if goal and score.recall_at_3 < goal else ""
        name = " ".join(label) if isinstance(label, tuple) else label
        print(f"  {name:<17}{score.columns()}{below}")


def print_relevance(engine_name, answers):
    from django.conf import settings

    languages = [code for code, _ in settings.LANGUAGES]

    def language_order(language):
        return languages.index(language) if language in languages else len(languages)

    def kind_order(kind):
        return KINDS.index(kind) if kind in KINDS else len(KINDS)

    print(f"\n{engine_name}: relevance on {SHARED_CASES.name} and {PROJECT_CASES.name}")
    print_table("language", scores_by(answers, lambda case: case["lang"]), language_order)
    print_table("kind", scores_by(answers, lambda case: case["kind"]), kind_order)
    by_both = scores_by(answers, lambda case: (case["lang"], case["kind"]))
    del by_both["all"]  # the same as in the tables above
    print_table("language kind", by_both, lambda label: (language_order(label[0]), kind_order(label[1])))
    misses = [answer for answer in answers if answer.rank != 1]
    print(f"\n  not first ({len(misses)}):")
    for answer in misses:
        case = answer.case
        print(
            f"    {case['lang']} {case['kind']}: {case['q']!r} → rank {answer.rank or '-'}"
            f" (first: {answer.first_key or 'nothing'}; expected {', '.join(case['expect'])})"
        )


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


def measure_scale(guides, cases, engines, indexing):
    """Index a generated corpus of `guides` guides on both engines and time the cases' queries."""
    from django.test.utils import override_settings
    from wagtail.search.backends import get_search_backend

    from bench.corpus import generate_guides
    from search.documents import rebuild_documents
    from search.models import SearchDocument

    print(f"\nGenerating {guides} guides across the languages ...")
    start = time.perf_counter()
    generate_guides(guides)
    print(f"  pages created in {time.perf_counter() - start:.1f} s")
    with override_settings(WAGTAILSEARCH_BACKENDS=engines["database"]):
        start = time.perf_counter()
        count = rebuild_documents()
        print(f"  database backend: {count} documents analysed and indexed in {time.perf_counter() - start:.1f} s")
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


def main():
    cases = load_cases()
    guides = int(os.environ.get("BENCH_GUIDES", "10000"))
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from django.core.management import call_command
        from django.test.utils import override_settings
        from osmem_server import OsmemServer

        from portal.settings.base import search_backends
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
                    print_relevance(name, relevance(cases))
            if guides:
                measure_scale(guides, cases, engines, indexing)
            else:
                print("\nBENCH_GUIDES=0: the scale part is skipped.")
        finally:
            if server:
                server.close()


if __name__ == "__main__":
    main()
