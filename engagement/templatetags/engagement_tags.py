"""`{% comment_section item %}`: the discussion of any registered item, for its page."""

from django import template

from engagement import views

register = template.Library()


@register.inclusion_tag("engagement/_section.html", takes_context=True)
def comment_section(context, target):
    return views._thread_context(context["request"], target)
