"""Template helpers for GOV.UK Frontend markup around Django forms."""

from django import forms, template

from pagecache import cached_fragment

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


@register.tag
def shared(parser, token):
    """{% shared "name" %}…{% endshared %}: a part of a page that holds nothing personal,
    rendered once per URL and language and shared by everyone until content changes
    (pagecache.cached_fragment); signed-in people get it too, with their own header around it.
    Wagtail previews always render afresh (drafts do not move the content version)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% shared "name" %} takes one name')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, parser.compile_filter(bits[1]))


class SharedNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name  # a literal or an expression ("block-"|add:n)

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        return cached_fragment(name, request, lambda: self.nodelist.render(context))
