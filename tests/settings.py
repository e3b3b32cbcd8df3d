"""Settings for the test suite: the project's settings with fast, isolated parts swapped in.

The database still comes from DATABASE_URL (SQLite by default, PostgreSQL in `make test`'s
second leg), so the suite runs on a real database either way.
"""

import os

os.environ.setdefault("CIVICDESK_ENV", "test")

from civicdesk.settings import *  # noqa: F403

# Argon2 on purpose is slow; tests do not need it to be.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "notifications"],
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CIVICDESK = {**CIVICDESK, "HOLIDAYS_COUNTRY": "US", "HOLIDAYS_SUBDIVISION": ""}  # noqa: F405

# WhiteNoise warns when the collected-static folder is missing; tests serve no static files.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
