"""CSV of consultation results. Public data under settings.OPEN_DATA_LICENCE: the licence is sent
in the response's Link header (rel="license") and stated on the page that links the file, so the
file itself stays a plain table."""

import csv

from django.utils.translation import gettext as _


def safe_cell(value):
    """A cell a spreadsheet will not run as a formula (CSV injection): text starting with = + - @
    or a tab or carriage return gets a leading quote. Every CSV we serve writes cells through this."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def results_csv(stream, *, consultation, results) -> None:
    """One row per tally: question, answer, overall, then one column per ward. Mean places for
    rankings and the mean rating are rows of their own."""
    writer = csv.writer(stream)
    areas = results["areas"]
    writer.writerow([_("question"), _("answer"), _("overall"), *[name for _pk, name in areas], _("no home ward")])

    def by_area(values: dict):
        return [values.get(pk, "") for pk, _name in areas] + [values.get(None, "")]

    for stance, entry in results["stance"].items():
        writer.writerow([_("Stance vote"), stance, entry["overall"], *by_area(entry["by_area"])])
    for q in results["questions"]:
        question = q["question"]
        if q["kind"] == "text":
            writer.writerow([question.prompt, _("free-text answers (count)"), q["answered"]])
            continue
        label_suffix = f" ({_('mean place, 1 is first')})" if q["kind"] == "ranking" else ""
        for row in q["rows"]:
            writer.writerow(
                [question.prompt, f"{row['label']}{label_suffix}", row["overall"], *by_area(row["by_area"])]
            )
        if q["kind"] == "rating":
            writer.writerow([question.prompt, _("mean rating"), q["mean"]])
