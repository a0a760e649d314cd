"""`{% comment_section item %}`: the discussion of any registered item, for its page."""

from django import template

from engagement import registry, selectors, threads

register = template.Library()


@register.inclusion_tag("engagement/_section.html", takes_context=True)
def comment_section(context, target):
    request = context["request"]
    return {
        "user": request.user,  # the inclusion tag's template gets only this context
        "target": target,
        "target_label": registry.label_for(target),
        "following": selectors.is_following(user=request.user, target=target),
        "thread_html": threads.thread_html(request, target),
    }


@register.inclusion_tag("engagement/_results_block.html")
def results_block(*, title, rows, areas, chart_id, kind="", mean=None):
    """One tally as a chart (drawn by results-charts.js) and the same figures as a table."""
    missing = "–" if kind == "ranking" else 0  # no answers: no mean place, or a count of zero
    table = [
        {
            "label": row["label"],
            "overall": missing if row["overall"] is None else row["overall"],
            "cells": [row["by_area"].get(pk, missing) for pk, _n in areas],
        }
        for row in rows
    ]
    chart = {
        "labels": [str(row["label"]) for row in rows],
        "values": [row["overall"] for row in rows],
        "label": str(title),
        "kind": kind,
    }
    return {
        "title": title,
        "areas": areas,
        "table": table,
        "chart": chart,
        "chart_id": chart_id,
        "chart_data_id": f"{chart_id}-data",
        "kind": kind,
        "mean": mean,
    }
