"""Surveys ("how did it go?"): their questions in each language, the invitations sent to
residents, and the answers they give.

An invitation is the claim to ask: unique per request (surveys after a request is resolved or
closed) and per interaction (surveys after a contact-center interaction), so a hook or task that
runs twice asks once. A response is unique per invitation: one answer each.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.surveys.enums import (
    RATING_MAX,
    RATING_MIN,
    InvitationChannel,
    InvitationStatus,
    QuestionKind,
    SurveyTrigger,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Survey(TimeStampedModel):
    """A questionnaire sent after a trigger. One active survey per trigger is used."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    trigger = models.CharField(_("sent"), max_length=20, choices=SurveyTrigger.choices)
    is_active = models.BooleanField(_("active"), default=True)
    valid_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The link stops working this many days after the invitation is sent."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["trigger"],
                condition=Q(is_active=True),
                name="survey_one_active_per_trigger",
            )
        ]

    def __str__(self) -> str:
        return self.code


class SurveyTranslation(models.Model):
    """The survey's title and introduction in one language."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, max_length=1000)

    class Meta:
        ordering = ["survey", "language"]
        verbose_name = _("survey text")
        verbose_name_plural = _("survey texts")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language"], name="survey_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Question(models.Model):
    """One question. A rating is 1-5; a choice question lists its answer keys, one per line."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    is_required = models.BooleanField(_("required"), default=False)
    choice_keys = models.TextField(
        _("answer keys"),
        blank=True,
        help_text=_("For a choice question: one short key per line, e.g. phone, web, walk_in."),
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.survey.code} #{self.position} ({self.kind})"

    @property
    def keys(self) -> list[str]:
        return _lines(self.choice_keys)

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and len(self.keys) < 2:
            raise ValidationError(
                {"choice_keys": _("A choice question needs two answers or more.")}
            )
        if self.kind != QuestionKind.CHOICE and self.keys:
            raise ValidationError({"choice_keys": _("Only choice questions have answer keys.")})


class QuestionTranslation(models.Model):
    """A question's wording in one language, and the labels of its answers in key order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.CharField(_("question"), max_length=300)
    choice_labels = models.TextField(
        _("answer labels"),
        blank=True,
        help_text=_("For a choice question: one label per line, in the order of the keys."),
    )

    class Meta:
        ordering = ["question", "language"]
        verbose_name = _("question text")
        verbose_name_plural = _("question texts")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="question_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def labels(self) -> list[str]:
        return _lines(self.choice_labels)

    def clean(self) -> None:
        question = getattr(self, "question", None)
        if (
            question is not None
            and question.kind == QuestionKind.CHOICE
            and len(self.labels) != len(question.keys)
        ):
            raise ValidationError(
                {"choice_labels": _("Give one label for each answer key, in the same order.")}
            )


class SurveyInvitation(TimeStampedModel):
    """One resident asked to answer one survey, about one request or interaction."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("survey")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("contact"),
    )
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("service request"),
    )
    interaction = models.ForeignKey(
        "crm.Interaction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("interaction"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=InvitationChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.SENDING,
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(service_request__isnull=False) | Q(interaction__isnull=False),
                name="survey_invitation_about_something",
            ),
            # After a request: once per request, however often it is resolved or closed.
            models.UniqueConstraint(
                fields=["service_request"],
                condition=Q(interaction__isnull=True),
                name="survey_invitation_once_per_request",
            ),
            # After an interaction: once per interaction.
            models.UniqueConstraint(
                fields=["interaction"],
                condition=Q(interaction__isnull=False),
                name="survey_invitation_once_per_interaction",
            ),
        ]
        indexes = [
            models.Index(fields=["contact", "-created_at"], name="survey_invitation_contact_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="failed", next_attempt_at__isnull=False),
                name="survey_invitation_retry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.recipient}"


class SurveyResponse(TimeStampedModel):
    """A resident's answers to one invitation, with what the satisfaction figures are cut by
    (copied when answered: the service, department, district and channel of the request or
    interaction)."""

    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.CASCADE,
        related_name="response",
        verbose_name=_("invitation"),
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    submitted_at = models.DateTimeField(_("answered at"))
    language = models.CharField(_("language"), max_length=10)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text=_("The answer to the survey's first rating question (1-5)."),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["submitted_at"], name="survey_response_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="survey_response_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.submitted_at:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    """The answer to one question: a rating, a choice key, or text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    choice = models.CharField(_("choice"), max_length=50, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=2000)

    class Meta:
        ordering = ["response", "question__position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")
        ]

    def __str__(self) -> str:
        if self.rating is not None:
            return str(self.rating)
        return self.choice or self.text[:60]

    @property
    def choice_label(self) -> str:
        """The chosen answer as residents read it, in the reader's language (else English,
        else the key). Prefetch `question__translations` when listing many."""
        if not self.choice:
            return ""
        keys = self.question.keys
        if self.choice not in keys:
            return self.choice
        texts = {text.language: text for text in self.question.translations.all()}
        current = translation.get_language() or settings.LANGUAGE_CODE
        for language in (current, current.split("-")[0], settings.LANGUAGE_CODE):
            text = texts.get(language)
            if text is not None and len(text.labels) == len(keys):
                return text.labels[keys.index(self.choice)]
        return self.choice
