from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicdesk.knowledge.services import MAX_COMMENT_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the help center"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    comment = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_("Please do not include personal details such as your address or phone."),
        max_length=MAX_COMMENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
