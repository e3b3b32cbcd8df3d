"""POST data for Django admin forms, taken from a rendered page as a browser would submit it."""

from __future__ import annotations

from typing import Any

from django import forms


def changeform_data(response: Any, **changes: Any) -> dict[str, Any]:
    """The data the admin add/change form in `response` (a test client's) posts as shown.

    Covers the main form, every inline formset and its management form; `changes` (by HTML field
    name, e.g. `name` or `role_assignments-0-role`) then replace or add values. Read-only and
    disabled fields are not posted, just as in a browser.
    """
    context = response.context
    page_forms: list[forms.BaseForm] = [context["adminform"].form]
    data: dict[str, Any] = {}
    for inline_admin_formset in context["inline_admin_formsets"]:
        formset = inline_admin_formset.formset
        page_forms.append(formset.management_form)
        page_forms.extend(formset.forms)
    for form in page_forms:
        for bound_field in form:
            if bound_field.field.disabled:
                continue
            value = bound_field.value()
            if isinstance(bound_field.field, forms.BooleanField):
                if value:
                    data[bound_field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound_field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound_field.html_name] = str(value)
    data.update(changes)
    return data
