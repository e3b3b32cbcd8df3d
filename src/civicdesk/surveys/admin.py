"""Surveys in the admin: administrators write the questions in each language; administrators
and supervisors (their departments' requests only) read the invitations and responses, which the
surveys services write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.surveys import permissions
from civicdesk.surveys.models import (
    Question,
    QuestionTranslation,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyTranslation,
)


class ManagerOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_view_survey_responses(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user) and not (
            obj is not None and obj.invitations.exists()
        )


class ManagerOnlyInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user)


class SurveyTranslationInline(ManagerOnlyInline):
    model = SurveyTranslation
    extra = 1


class QuestionInline(ManagerOnlyInline):
    model = Question
    fields = ["position", "kind", "is_required", "choice_keys"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(ManagerOnlyAdmin):
    list_display = ["code", "trigger", "is_active", "valid_days"]
    list_filter = ["trigger", "is_active"]
    inlines = [SurveyTranslationInline, QuestionInline]


class QuestionTranslationInline(ManagerOnlyInline):
    model = QuestionTranslation
    extra = 1


@admin.register(Question)
class QuestionAdmin(ManagerOnlyAdmin):
    list_display = ["survey", "position", "kind", "is_required"]
    list_filter = ["survey"]
    inlines = [QuestionTranslationInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_surveys(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_surveys(request.user) and not (
            obj is not None and obj.answers.exists()
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the surveys services; read here, narrowed to the reader's departments."""

    department_path = ""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_view_survey_responses(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_view_survey_responses(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        departments = permissions.survey_response_department_ids(request.user)
        if departments is not None:
            queryset = queryset.filter(**{f"{self.department_path}__in": sorted(departments)})
        return queryset


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyAdmin):
    department_path = "service_request__department_id"
    list_display = [
        "created_at",
        "survey",
        "service_request",
        "channel",
        "status",
        "sent_at",
        "answered_at",
        "expires_at",
    ]
    list_filter = ["survey", "status", "channel"]
    search_fields = ["service_request__public_id"]
    list_select_related = ["survey", "service_request"]
    show_full_result_count = False
    exclude = ["token"]


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    fields = ("question", "rating", "choice", "text")
    readonly_fields = ("question", "rating", "choice", "text")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_view_survey_responses(request.user)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    department_path = "department_id"
    list_display = [
        "submitted_at",
        "survey",
        "request_number",
        "rating",
        "service",
        "department",
        "district",
        "channel",
    ]
    list_filter = ["survey", "rating", "channel", "department"]
    search_fields = ["invitation__service_request__public_id"]
    list_select_related = ["survey", "invitation__service_request", "service", "department"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    exclude = ["invitation"]
    inlines = [SurveyAnswerInline]

    @admin.display(description=_("request"))
    def request_number(self, response: SurveyResponse) -> str:
        service_request = response.invitation.service_request
        return service_request.public_id if service_request is not None else ""
