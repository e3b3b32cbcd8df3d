"""Knowledge-base search latency with thousands of articles, on SQLite and PostgreSQL.

    .venv/bin/python bench/knowledge.py                       # both databases, 5,000 articles
    .venv/bin/python bench/knowledge.py --databases sqlite --articles 1000

Each database gets a fresh schema (SQLite: a temporary file; PostgreSQL: the database named in
--postgres-url, dropped and created again, so never point it at real data). Articles are written
through `article_create`, as editors write them, so the inverted index is the real one. The
queries are the resident questions of tests/knowledge/search_questions.py plus misspelt
variants; each is asked as the public would ask it, after one warm-up pass. On PostgreSQL the
load is followed by VACUUM ANALYZE, as autovacuum would do on a live server. The script prints
p50/p95/max latency per database, and how long the first search after an edit takes (it
rebuilds the per-process vocabulary used for typo tolerance).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/knowledge_bench"
TYPOS = [
    ("what day is my garbge picked up", "en"),
    ("recyling cart", "en"),
    ("parkng tiket", "en"),
    ("dog lisence", "en"),
    ("watter bill too high", "en"),
    ("snow emergancy parking", "en"),
    ("recolecion de basura", "es"),
    ("multa de estacionamento", "es"),
]
DISTRICTS = ["Northside", "Riverside", "Eastgate", "Old Town", "Harbor", "Westfield", "Millbrook"]
FILLER = [
    "residents",
    "city",
    "office",
    "service",
    "request",
    "form",
    "online",
    "phone",
    "hours",
    "week",
    "month",
    "year",
    "schedule",
    "department",
    "notice",
    "fee",
    "payment",
    "address",
    "neighborhood",
    "program",
    "application",
    "review",
    "inspection",
    "crew",
    "street",
    "home",
    "property",
    "vehicle",
    "permit",
    "water",
    "snow",
    "trash",
    "recycling",
    "park",
    "library",
]


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to drop database {name!r}; give a bench database name.")
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _generate_articles(count: int, *, now: datetime, rng: random.Random) -> None:
    """`count` articles through the service: a demo article's text, with parts of two others and
    everyday words, under a district's name; a fifth in Spanish. Committed in batches."""
    from django.db import transaction

    from civicdesk.knowledge.demo_articles import ARTICLES, SPANISH_ARTICLES
    from civicdesk.knowledge.enums import ArticleStatus
    from civicdesk.knowledge.services import ArticleContent, article_create

    batch = 250
    for first in range(0, count, batch):
        with transaction.atomic():
            for number in range(first, min(first + batch, count)):
                pool = SPANISH_ARTICLES if rng.random() < 0.2 else ARTICLES
                base, *others = rng.sample(pool, 3)
                district = rng.choice(DISTRICTS)
                paragraphs = [base.body, *(other.body.split("\n\n")[0] for other in others)]
                filler = " ".join(rng.choice(FILLER) for _ in range(rng.randint(20, 80)))
                article_create(
                    content=ArticleContent(
                        slug=f"bench-{number}",
                        title=f"{base.title} — {district} {number}",
                        summary=base.summary,
                        body="\n\n".join([*paragraphs, filler]),
                        language=base.language,
                        keywords=base.keywords,
                        status=ArticleStatus.PUBLISHED,
                    ),
                    actor=None,
                    now=now,
                )


def run_child(article_count: int, rounds: int, seed: int) -> dict[str, object]:
    """Runs inside a subprocess whose DATABASE_URL names a fresh database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
    os.environ.setdefault("CIVICDESK_ENV", "test")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from tests.knowledge.search_questions import ENGLISH_QUESTIONS, SPANISH_QUESTIONS

    from civicdesk.core import clock
    from civicdesk.knowledge.demo_articles import ARTICLES, SPANISH_ARTICLES
    from civicdesk.knowledge.models import Article, ArticleSearchTerm
    from civicdesk.knowledge.seed import seed_knowledge
    from civicdesk.knowledge.selectors import article_search
    from civicdesk.knowledge.services import article_content_of, article_update

    call_command("migrate", verbosity=0, interactive=False)
    now = clock.now()
    rng = random.Random(seed)
    seed_knowledge(now=now)
    demo_count = len(ARTICLES) + len(SPANISH_ARTICLES)

    started = time.perf_counter()
    _generate_articles(article_count - demo_count, now=now, rng=rng)
    build_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does on a live server shortly after a bulk load: planner statistics
        # and the visibility map (for index-only scans).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    queries = [(question, "en") for question, _slugs in ENGLISH_QUESTIONS]
    queries += [(question, "es") for question, _slugs in SPANISH_QUESTIONS]
    queries += TYPOS
    public = AnonymousUser()
    for question, language in queries:  # warm-up: vocabulary cache, connection, query plans
        article_search(query=question, language=language, user=public, limit=10)
    samples: list[float] = []
    for _ in range(rounds):
        for question, language in queries:
            tick = time.perf_counter()
            article_search(query=question, language=language, user=public, limit=10)
            samples.append((time.perf_counter() - tick) * 1000)

    pothole = Article.objects.get(slug="potholes")
    article_update(
        article=pothole,
        content=article_content_of(pothole, summary=pothole.summary + " Updated."),
        actor=None,
        now=now,
    )
    tick = time.perf_counter()
    article_search(query="report a pothole", language="en", user=public, limit=10)
    after_edit_ms = (time.perf_counter() - tick) * 1000

    return {
        "database": connection.vendor,
        "articles": Article.objects.count(),
        "postings": ArticleSearchTerm.objects.count(),
        "build_seconds": round(build_seconds, 1),
        "searches": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(_percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
        "first_search_after_edit_ms": round(after_edit_ms, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--seed", type=int, default=311)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.child:
        print(json.dumps(run_child(options.articles, options.rounds, options.seed)))
        return

    results = []
    with tempfile.TemporaryDirectory(prefix="knowledge-bench-") as scratch:
        for database in options.databases.split(","):
            if database == "sqlite":
                url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
            elif database == "postgres":
                url = options.postgres_url
                _recreate_postgres_database(url)
            else:
                raise SystemExit(f"Unknown database {database!r}; use sqlite or postgres.")
            print(f"{database}: writing {options.articles} articles …", file=sys.stderr)
            child = subprocess.run(  # noqa: S603 (this script, fixed arguments)
                [
                    sys.executable,
                    __file__,
                    "--child",
                    f"--articles={options.articles}",
                    f"--rounds={options.rounds}",
                    f"--seed={options.seed}",
                ],
                env={
                    **os.environ,
                    "DATABASE_URL": url,
                    "PYTHONPATH": str(ROOT),
                    # One process: an in-memory cache, and no files left in var/cache.
                    "CACHE_URL": os.environ.get("CACHE_URL", "locmem://"),
                },
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                print(child.stderr, file=sys.stderr)
                raise SystemExit(f"{database}: the benchmark failed")
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))

    header = (
        f"{'database':<11}{'articles':>9}{'postings':>10}{'searches':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'after edit ms':>15}{'build s':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['database']:<11}{row['articles']:>9}{row['postings']:>10}{row['searches']:>9}"
            f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}"
            f"{row['first_search_after_edit_ms']:>15}{row['build_seconds']:>9}"
        )


if __name__ == "__main__":
    main()
