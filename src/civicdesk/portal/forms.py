"""The portal's forms. They check the shape of what residents type; the catalog's attribute
checks, the CRM's contact checks and, at the end, the one intake service decide the rest.

Every field is described for assistive technology: its help text and its error are tied to it
with `aria-describedby`, and `aria-invalid` marks a field with an error. Browsers' own validation
is off (`use_required_attribute = False`) so that every message comes from the server, in the
resident's language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicdesk.catalog.attributes import AttributeValidationError, attribute_values_clean
from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import ServiceAttribute
from civicdesk.catalog.selectors import LocalizedAttribute
from civicdesk.crm.services import ContactDetailsError, email_normalize, phone_normalize
from civicdesk.service_requests.services.intake import DESCRIPTION_MAX_LENGTH

ATTRIBUTE_PREFIX = "attribute_"


@dataclass(frozen=True)
class FieldRow:
    field: forms.BoundField
    help_text: str
    is_required: bool
    is_group: bool  # radio buttons or checkboxes: a fieldset with a legend
    anchor: str  # the id the error summary links to


class PortalForm(forms.Form):
    """Ties help texts and errors to their fields and takes errors found later (by intake)."""

    use_required_attribute = False
    required_fields: Sequence[str] = ()
    help_texts: Mapping[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def help_for(self, name: str) -> str:
        return str(self.help_texts.get(name, ""))

    @property
    def row(self) -> dict[str, FieldRow]:
        """Each field with what its template needs: `{% include "portal/_field.html" with
        row=form.row.email %}`."""
        return {name: self._row(name) for name in self.fields}

    @property
    def rows(self) -> list[FieldRow]:
        return [self._row(name) for name in self.fields if not self[name].is_hidden]

    def _row(self, name: str) -> FieldRow:
        bound = self[name]
        input_type = getattr(bound.field.widget, "input_type", "")
        is_group = input_type in {"radio", "checkbox"}
        return FieldRow(
            field=bound,
            help_text=self.help_for(name),
            is_required=name in self.required_fields,
            is_group=is_group,
            anchor=f"{bound.auto_id}_0" if is_group else str(bound.auto_id),
        )

    def add_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        """Errors reported for this form's fields by a later check, shown next to each field."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        current: ErrorDict | None = getattr(self, "_errors", None)
        if current is None:
            current = ErrorDict()
            self._errors = current
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                current.setdefault(target or "__all__", self.error_class()).append(message)
        self._describe()

    def _describe(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            described: list[str] = []
            if self.help_for(name):
                described.append(f"{bound.auto_id}-help")
            errors = self._errors.get(name) if self._errors is not None else None
            if errors:
                described.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)
            if name in self.required_fields:
                field.widget.attrs["aria-required"] = "true"


class ServiceSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("What do you need help with?"), max_length=200, required=False
    )


def _attribute_field(attribute: LocalizedAttribute) -> forms.Field:
    label = attribute.description
    datatype = AttributeDatatype(attribute.datatype)
    choices = [(value.key, value.name) for value in attribute.values]
    if datatype == AttributeDatatype.SINGLEVALUELIST:
        return forms.ChoiceField(
            label=label, choices=choices, required=False, widget=forms.RadioSelect
        )
    if datatype == AttributeDatatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
        )
    if datatype == AttributeDatatype.TEXT:
        return forms.CharField(
            label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}), strip=True
        )
    if datatype == AttributeDatatype.NUMBER:
        return forms.CharField(
            label=label,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
    if datatype == AttributeDatatype.DATETIME:
        return forms.CharField(
            label=label,
            required=False,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        )
    return forms.CharField(label=label, required=False, max_length=1000)


class DetailsForm(PortalForm):
    """The service's own questions (all six Open311 datatypes) and a free description."""

    def __init__(
        self,
        *args: Any,
        attributes: Sequence[LocalizedAttribute],
        definitions: Sequence[ServiceAttribute],
        **kwargs: Any,
    ) -> None:
        self.attributes = [attribute for attribute in attributes if attribute.is_variable]
        self.notes = [attribute for attribute in attributes if not attribute.is_variable]
        self.definitions = definitions
        self.required_fields = [
            ATTRIBUTE_PREFIX + attribute.code
            for attribute in self.attributes
            if attribute.is_required
        ]
        self.help_texts = {
            ATTRIBUTE_PREFIX + attribute.code: attribute.datatype_description
            for attribute in self.attributes
            if attribute.datatype_description
        }
        self.help_texts["description"] = _("Anything else that helps the crew find and fix it.")
        forms.Form.__init__(self, *args, **kwargs)
        for attribute in self.attributes:
            self.fields[ATTRIBUTE_PREFIX + attribute.code] = _attribute_field(attribute)
        self.fields["description"] = forms.CharField(
            label=_("Describe the problem"),
            required=False,
            max_length=DESCRIPTION_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        self._describe()

    def required_names(self) -> set[str]:
        return set(self.required_fields)

    def answers(self) -> dict[str, Any]:
        """The answers keyed by attribute code, blanks left out."""
        answers: dict[str, Any] = {}
        for attribute in self.attributes:
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + attribute.code)
            if value not in (None, "", []):
                answers[attribute.code] = value
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            attribute_values_clean(attributes=self.definitions, values=self.answers())
        except AttributeValidationError as error:
            for code, messages in error.field_errors.items():
                name = ATTRIBUTE_PREFIX + code
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned


def _coordinate(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class LocationForm(PortalForm):
    """Where the problem is: a typed address, a point from the map or the phone, or both."""

    address = forms.CharField(
        label=gettext_lazy("Address or nearest intersection"), max_length=300, required=False
    )
    latitude = forms.CharField(label=gettext_lazy("Latitude"), max_length=30, required=False)
    longitude = forms.CharField(label=gettext_lazy("Longitude"), max_length=30, required=False)
    address_id = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    help_texts = {
        "address": gettext_lazy("For example 120 Alder Street. Suggestions appear as you type."),
        "latitude": gettext_lazy("Decimal degrees, for example 42.4012."),
        "longitude": gettext_lazy("Decimal degrees, for example -92.8470."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].widget.attrs.update(
            {"autocomplete": "street-address", "list": "address-suggestions"}
        )
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self._describe()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude_text = (cleaned.get("latitude") or "").strip()
        longitude_text = (cleaned.get("longitude") or "").strip()
        latitude = _coordinate(latitude_text) if latitude_text else None
        longitude = _coordinate(longitude_text) if longitude_text else None
        if latitude_text and (latitude is None or not -90 <= latitude <= 90):
            self.add_error("latitude", _("Latitude must be a number between -90 and 90."))
        if longitude_text and (longitude is None or not -180 <= longitude <= 180):
            self.add_error("longitude", _("Longitude must be a number between -180 and 180."))
        if bool(latitude_text) != bool(longitude_text):
            self.add_error(
                "latitude" if not latitude_text else "longitude",
                _("Give both latitude and longitude, or neither."),
            )
        if not (cleaned.get("address") or "").strip() and not latitude_text and not longitude_text:
            self.add_error(
                "address",
                _("Tell us where the problem is: an address, or a point on the map."),
            )
        cleaned["latitude_value"] = latitude
        cleaned["longitude_value"] = longitude
        return cleaned


class PhotoForm(PortalForm):
    # The media service checks and cleans the picture (`media_prepare`); any file is taken here.
    photo = forms.FileField(
        label=gettext_lazy("Add a photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    help_texts = {
        "photo": gettext_lazy(
            "Optional. Up to 3 photos, each a JPEG, PNG, WebP or GIF image. "
            "On a phone you can take one with the camera."
        )
    }


class NotifyBy:
    EMAIL = "email"
    SMS = "sms"
    NONE = "none"


class ContactForm(PortalForm):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail address"), max_length=254, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=40, required=False)
    notify_by = forms.ChoiceField(
        label=gettext_lazy("How should we tell you about progress?"),
        choices=[
            (NotifyBy.EMAIL, gettext_lazy("By e-mail")),
            (NotifyBy.SMS, gettext_lazy("By text message")),
            (NotifyBy.NONE, gettext_lazy("No updates, thank you")),
        ],
        initial=NotifyBy.NONE,
        widget=forms.RadioSelect,
    )
    help_texts = {
        "email": gettext_lazy("For example name@example.com."),
        "phone": gettext_lazy("For example 319-555-0101."),
    }

    def __init__(self, *args: Any, allows_anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allows_anonymous = allows_anonymous
        widgets = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "phone": "tel",
        }
        for name, autocomplete in widgets.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"
        self._describe()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = (cleaned.get("email") or "").strip()
        phone = (cleaned.get("phone") or "").strip()
        for name, value, normalize in (
            ("email", email, email_normalize),
            ("phone", phone, phone_normalize),
        ):
            if value:
                try:
                    normalize(value)
                except ContactDetailsError as error:
                    for message in error.field_errors.get(name, [error.message]):
                        self.add_error(name, message)
        notify_by = cleaned.get("notify_by")
        if notify_by == NotifyBy.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address to get updates by e-mail."))
        if notify_by == NotifyBy.SMS and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Give a mobile number to get updates by text message."))
        return cleaned


class ReviewForm(PortalForm):
    """The last step. `website` is a trap: hidden from people, filled in by spam robots."""

    website = forms.CharField(label=gettext_lazy("Leave this empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and (self.data.get("website") or "").strip())


class FollowForm(PortalForm):
    email = forms.CharField(label=gettext_lazy("Your e-mail address"), max_length=254)
    website = forms.CharField(label=gettext_lazy("Leave this empty"), required=False)
    required_fields = ("email",)
    help_texts = {
        "email": gettext_lazy("We send a link to confirm. We never show your address to anyone.")
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].error_messages["required"] = _(
            "Enter an e-mail address such as name@example.com."
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and (self.data.get("website") or "").strip())


class TrackForm(PortalForm):
    number = forms.CharField(label=gettext_lazy("Request number"), max_length=20)
    required_fields = ("number",)
    help_texts = {"number": gettext_lazy("For example 26-00000042.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].error_messages["required"] = _("Enter the number of your request.")
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
