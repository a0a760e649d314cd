"""Template helpers for GOV.UK Frontend markup around Django forms."""

from django import forms, template

register = template.Library()


@register.filter
def field_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.simple_tag
def field_widget(field, extra_class: str = ""):
    kind = field_kind(field)
    css = {"select": "govuk-select", "textarea": "govuk-textarea", "file": "govuk-file-upload"}.get(kind, "govuk-input")
    if field.errors:
        css += f" {css}--error"
    if extra_class:
        css += f" {extra_class}"
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{existing} {css}"
    return field.as_widget(attrs=attrs)
