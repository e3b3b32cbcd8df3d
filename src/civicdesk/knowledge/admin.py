"""Editing the knowledge base in the admin, and the reports on what residents search for.

Access comes from `knowledge.permissions`, not from Django model permissions: administrators
edit articles and categories; administrators and supervisors read the search log, the feedback
and the report of searches that found nothing. Article saves go through `knowledge.services`, so
each one renders the body, writes a revision, refreshes the search index and is audited.
Articles are archived, never deleted, so their history stays.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts.models import User
from civicdesk.core import clock
from civicdesk.knowledge import permissions, selectors, services
from civicdesk.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    Category,
    SearchQuery,
)

REPORT_PERIODS = (7, 30, 90, 365)


def _acting_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class EditorOnlyAdmin(admin.ModelAdmin):
    """Open to the people `permissions.can_manage_articles` names, and to nobody else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_articles(request.user) or permissions.can_view_search_report(
            request.user
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_articles(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_articles(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_articles(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportAdmin(admin.ModelAdmin):
    """Read-only records for the people who may see the search report."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_view_search_report(request.user) or permissions.can_manage_articles(
            request.user
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_view_search_report(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(EditorOnlyAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "translated_names", "description", "order"]


class ArticleRevisionInline(admin.TabularInline):
    model = ArticleRevision
    fields = ["version", "saved_at", "saved_by", "status", "title", "change_note"]
    readonly_fields = ["version", "saved_at", "saved_by", "status", "title", "change_note"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("version history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=300,
        required=False,
        help_text=_("What you changed, for the version history."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "language",
            "translation_of",
            "summary",
            "body",
            "keywords",
            "categories",
            "related_services",
            "audience",
            "status",
            "owner",
            "review_by_date",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2, "cols": 80})}


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("due", _("Due or overdue")), ("none", _("No review date"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "due":
            return queryset.filter(review_by_date__lte=clock.now().date())
        if self.value() == "none":
            return queryset.filter(review_by_date__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(EditorOnlyAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "language",
        "audience",
        "status",
        "owner",
        "review_by_date",
        "version",
        "view_count",
        "helpful_count",
        "not_helpful_count",
    ]
    list_filter = ["status", "audience", "language", ReviewDueFilter, "categories"]
    search_fields = ["title", "slug", "summary", "keywords"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of"]
    filter_horizontal = ["categories", "related_services"]
    readonly_fields = [
        "version",
        "published_at",
        "view_count",
        "helpful_count",
        "not_helpful_count",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "keywords"]}),
        (_("Language"), {"fields": ["language", "translation_of"]}),
        (_("Topics"), {"fields": ["categories", "related_services"]}),
        (
            _("Publishing"),
            {"fields": ["audience", "status", "owner", "review_by_date", "change_note"]},
        ),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": [
                    "version",
                    "published_at",
                    "view_count",
                    "helpful_count",
                    "not_helpful_count",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    inlines = [ArticleRevisionInline]

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        """Autocomplete for `translation_of` offers originals only."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            results = results.filter(translation_of__isnull=True)
        return results, may_have_duplicates

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Article:
        """Save through the article services; the model form itself writes nothing."""
        data = form.cleaned_data
        content = services.ArticleContent(
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            language=data["language"],
            audience=data["audience"],
            status=data["status"],
            keywords=data["keywords"],
            translation_of=data["translation_of"],
            owner=data["owner"],
            review_by_date=data["review_by_date"],
            categories=list(data["categories"]),
            related_services=list(data["related_services"]),
        )
        actor = _acting_user(request)
        # The model form has run the model's validation, which is what the services check.
        if change:
            stored = Article.objects.get(pk=form.instance.pk)
            return services.article_update(
                article=stored,
                content=content,
                actor=actor,
                now=clock.now(),
                change_note=data["change_note"],
            )
        return services.article_create(
            content=content, actor=actor, now=clock.now(), change_note=data["change_note"]
        )

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        """Nothing to save: `save_form` saved the article through the service."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The service set categories and services; revisions are read-only."""


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(ReportAdmin):
    list_display = ["submitted_at", "article", "is_helpful", "comment"]
    list_filter = ["is_helpful", "article__language"]
    search_fields = ["comment", "article__title"]
    list_select_related = ["article"]
    date_hierarchy = "submitted_at"


@admin.register(SearchQuery)
class SearchQueryAdmin(ReportAdmin):
    list_display = ["searched_at", "query", "language", "source", "result_count", "top_article"]
    list_filter = ["language", "source"]
    search_fields = ["query", "normalized_query"]
    list_select_related = ["top_article"]
    date_hierarchy = "searched_at"
    change_list_template = "knowledge/admin/searchquery_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        report = path(
            "zero-results/",
            self.admin_site.admin_view(self.zero_results_view),
            name="knowledge_searchquery_zero_results",
        )
        return [report, *super().get_urls()]

    def zero_results_view(self, request: HttpRequest) -> HttpResponse:
        """Searches that found nothing, grouped by their words, most frequent first."""
        if not permissions.can_view_search_report(request.user):
            raise PermissionDenied
        try:
            days = int(request.GET.get("days", "30"))
        except ValueError:
            days = 30
        if days not in REPORT_PERIODS:
            days = 30
        language = request.GET.get("language", "")
        rows = selectors.search_zero_result_report(
            since=clock.now() - timedelta(days=days), language=language or None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Searches that found nothing"),
            "opts": self.model._meta,
            "rows": rows,
            "days": days,
            "periods": REPORT_PERIODS,
            "language": language,
        }
        return TemplateResponse(request, "knowledge/admin/zero_results.html", context)
