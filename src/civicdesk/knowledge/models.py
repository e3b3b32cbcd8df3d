"""Knowledge-base articles, their categories, revisions, feedback, search index and search log.

An article is written in one language; a translation is its own article pointing at the original
with `translation_of`. The body is Markdown; `body_html` is its rendering, sanitised, written by
`services` on every save together with a revision row and the article's search terms.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.knowledge.enums import ArticleStatus, Audience, SearchSource


class Category(TimeStampedModel):
    """A topic residents browse by (Trash and recycling, Parking, …), named in each language."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    translated_names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('For example {"es": "Basura y reciclaje"}.'),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The category's name in `language`, or its own name when there is no translation."""
        translated = self.translated_names.get(language) if self.translated_names else None
        return str(translated) if translated else self.name

    def clean(self) -> None:
        if not isinstance(self.translated_names, dict) or not all(
            isinstance(key, str) and isinstance(value, str)
            for key, value in self.translated_names.items()
        ):
            raise ValidationError(
                {"translated_names": _("Give a mapping of language code to name.")}
            )


class Article(TimeStampedModel):
    """One answer to a resident's question, in one language."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="translations",
        null=True,
        blank=True,
        verbose_name=_("translation of"),
        help_text=_("The original article this one translates; empty for an original."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in search results.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown: headings, lists, links, tables."))
    body_html = models.TextField(_("body as HTML"), editable=False, blank=True)
    keywords = models.CharField(
        _("search keywords"),
        max_length=500,
        blank=True,
        help_text=_("Words residents use for this topic that the text does not, comma-separated."),
    )
    categories = models.ManyToManyField(
        Category, related_name="articles", blank=True, verbose_name=_("categories")
    )
    related_services = models.ManyToManyField(
        "catalog.Service",
        related_name="articles",
        blank=True,
        verbose_name=_("related services"),
        help_text=_("Services a resident may want to report after reading this."),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_articles",
        verbose_name=_("owner"),
        help_text=_("Who keeps this article correct."),
    )
    review_by_date = models.DateField(
        _("review by"), null=True, blank=True, help_text=_("When the owner should check it again.")
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0, editable=False)
    not_helpful_count = models.PositiveIntegerField(_("not helpful"), default=0, editable=False)
    search_length = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
            ),
        ]
        indexes = [
            models.Index(fields=["language", "status", "audience"], name="article_visible_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def original(self) -> Article:
        """The article this one translates, or itself when it is an original."""
        return self.translation_of if self.translation_of_id else self  # type: ignore[return-value]

    def clean(self) -> None:
        if self.translation_of_id is None:
            return
        if self.pk is not None and self.translation_of_id == self.pk:
            raise ValidationError({"translation_of": _("An article cannot translate itself.")})
        original = self.translation_of
        if original is None:
            return
        if original.translation_of_id is not None:
            raise ValidationError(
                {
                    "translation_of": _(
                        "Link a translation to the original article, not to another translation."
                    )
                }
            )
        if original.language == self.language:
            raise ValidationError(
                {
                    "translation_of": _(
                        "A translation must be in another language than the original."
                    )
                }
            )


class ArticleRevision(models.Model):
    """The article as one save through the service left it; the version history."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    saved_at = models.DateTimeField(_("saved at"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    change_note = models.CharField(_("change note"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body"))
    keywords = models.CharField(_("search keywords"), max_length=500, blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices)

    class Meta:
        ordering = ["article", "-version"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="article_revision_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class ArticleFeedback(models.Model):
    """One answer to "Was this article helpful?"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    is_helpful = models.BooleanField(_("helpful"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.article_id}: {'yes' if self.is_helpful else 'no'}"


class ArticleSearchTerm(models.Model):
    """A posting of the inverted index: how often a stemmed term occurs in each part of an article.

    Written by `services.article_reindex` in the same transaction as every save of the article.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=64)
    title_frequency = models.PositiveSmallIntegerField(default=0)
    keyword_frequency = models.PositiveSmallIntegerField(default=0)
    summary_frequency = models.PositiveSmallIntegerField(default=0)
    body_frequency = models.PositiveSmallIntegerField(default=0)
    # Copies of the article's fields, so a search reads postings without joining articles.
    language = models.CharField(max_length=10)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    is_published = models.BooleanField(default=False)
    document_length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(fields=["term", "article"], name="article_search_term_unique")
        ]
        indexes = [
            # Covers the search's one query, so it reads the index alone, term by term.
            models.Index(
                fields=[
                    "term",
                    "language",
                    "is_published",
                    "audience",
                    "article",
                    "title_frequency",
                    "keyword_frequency",
                    "summary_frequency",
                    "body_frequency",
                    "document_length",
                ],
                name="article_search_term_find_idx",
            ),
            models.Index(
                fields=["language", "is_published", "audience", "term"],
                name="article_search_term_vocab_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} @ {self.article_id}"


class SearchQuery(models.Model):
    """One search, kept so editors can see what residents look for and do not find."""

    query = models.CharField(_("query"), max_length=200)
    normalized_query = models.CharField(_("normalised query"), max_length=200, db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    source = models.CharField(
        _("where"), max_length=10, choices=SearchSource.choices, default=SearchSource.HELP_CENTER
    )
    result_count = models.PositiveIntegerField(_("results"))
    top_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("top result"),
    )
    searched_at = models.DateTimeField(_("searched at"))

    class Meta:
        ordering = ["-searched_at", "-pk"]
        verbose_name = _("search")
        verbose_name_plural = _("search log")
        indexes = [
            models.Index(fields=["result_count", "searched_at"], name="search_query_result_idx")
        ]

    def __str__(self) -> str:
        return self.query
