from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyTrigger(models.TextChoices):
    """When a resident is asked "how did it go?"."""

    REQUEST_CLOSED = "request_closed", _("After a request is resolved or closed")
    INTERACTION = "interaction", _("After a contact-center interaction")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    CHOICE = "choice", _("One choice from a list")
    TEXT = "text", _("Free text")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class InvitationStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# A rating at or above this counts as satisfied (4 or 5 of 5).
SATISFIED_MIN_RATING = 4
RATING_MIN = 1
RATING_MAX = 5
