from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ContactMethod(models.TextChoices):
    """How a resident prefers the city to reach them about their requests."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    PHONE = "phone", _("Phone call")
    POST = "post", _("Letter")
    NONE = "none", _("Do not contact")


class AddressKind(models.TextChoices):
    # "Home" alone is also the admin's breadcrumb (Django's "Inicio"): a context keeps them apart.
    HOME = "home", pgettext_lazy("address kind", "Home")
    WORK = "work", _("Work")
    MAILING = "mailing", _("Mailing")
    OTHER = "other", _("Other")


class ServiceCenterKind(models.TextChoices):
    """Where a resident can talk to the city in person."""

    WALK_IN_DESK = "walk_in_desk", _("Walk-in desk")
    NEIGHBORHOOD_STATION = "neighborhood_station", _("Neighborhood station")
    CONTACT_CENTER = "contact_center", _("Contact center")


# The channels an agent handles in the console, in the order the start screen offers them.
CONSOLE_CHANNELS = (
    Channel.PHONE,
    Channel.WALK_IN,
    Channel.EMAIL,
    Channel.CHAT,
    Channel.SOCIAL,
    Channel.SMS,
)
