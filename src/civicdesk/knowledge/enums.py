from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who may read an article: everyone, or city staff only (scripts, internal procedures)."""

    PUBLIC = "public", _("Public")
    STAFF = "staff", _("Staff only")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class SearchSource(models.TextChoices):
    """Where a search was made, for the search log."""

    HELP_CENTER = "help", _("Public help pages")
    CONSOLE = "console", _("Agent console")
    API = "api", _("API")
