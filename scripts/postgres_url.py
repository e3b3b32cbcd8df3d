"""Print the PostgreSQL URL that `make test` should use, or exit 1 when no server answers.

DATABASE_URL wins when it names PostgreSQL; otherwise the local server at 127.0.0.1:5432,
database `test`, is tried (trust authentication on development machines).
"""

from __future__ import annotations

import os
import sys

import dj_database_url
import psycopg

FALLBACK = "postgres://postgres@127.0.0.1:5432/test"


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = FALLBACK
    config = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=int(config["PORT"] or 5432),
            dbname=config["NAME"],
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            connect_timeout=3,
        ) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error:
        return 1
    sys.stdout.write(url + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
