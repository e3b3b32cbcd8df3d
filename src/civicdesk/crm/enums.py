from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a resident reached the city. Service requests and interactions share this list."""

    WEB = "web", _("Web portal")
    APP = "app", _("Mobile app (Open311)")
    PHONE = "phone", _("Phone call")
    IVR = "ivr", _("Automated phone line")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    SOCIAL = "social", _("Social media")
    WALK_IN = "walk_in", _("Walk-in")
    STAFF = "staff", _("Reported by city staff")


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Social handle")


class InteractionReason(models.TextChoices):
    QUESTION = "question", _("Question")
    REQUEST = "request", _("Service request")
    STATUS_CHECK = "status_check", _("Status check")
    COMPLAINT = "complaint", _("Complaint")
    COMPLIMENT = "compliment", _("Compliment")
    SUGGESTION = "suggestion", _("Suggestion")


class InteractionOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    REQUEST_CREATED = "request_created", _("Service request filed")
    STATUS_GIVEN = "status_given", _("Status given")
    TRANSFERRED = "transferred", _("Transferred")
    REFERRED = "referred", _("Referred elsewhere")
    RECORDED = "recorded", _("Recorded")
    ABANDONED = "abandoned", _("Ended before an answer")
