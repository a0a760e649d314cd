"""Seed the benchmark database at issue 13's scale, in PostgreSQL and idempotently: 100,000 street
reports across the wards over the last year (a third open), 1,000,000 ledger rows paid to the
20,000 bench people for those reports, and the running totals, weekly and monthly points and
pseudonyms computed from the ledger exactly as the app keeps them.

Run by bench/reports.py through `manage.py shell` after bench/seed.py; it does nothing the second time.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from gamification import badges, demo, points
from gamification.models import LedgerEntry, PointRule, Report, Service

N_REPORTS = 100_000
N_LEDGER = 1_000_000


@transaction.atomic
def seed():
    if Report.objects.count() >= N_REPORTS:
        print(f"bench reports already seeded: {Report.objects.count()} reports, {LedgerEntry.objects.count()} ledger")
        return
    demo.load()
    points.rules_ensure()
    badges.badges_ensure()
    services = list(Service.objects.filter(public=True).values_list("pk", flat=True))
    statuses = ["open", "open", "open", "acknowledged", "in_progress", "action_scheduled", "fixed", "fixed", "closed"]
    report_type = ContentType.objects.get_for_model(Report).pk
    rules = dict(PointRule.objects.values_list("code", "pk"))
    paid = [rules["report_accepted"], rules["report_confirmed"], rules["consultation_response"]]
    with connection.cursor() as cursor:
        # Reports: random points inside random wards (ST_GeneratePoints), spread over a year.
        cursor.execute(
            """
            INSERT INTO gamification_report (service_id, status, description, location, address, area_id,
                attributes, media_url, name_shown, contact, token, support_count, status_notes, priority,
                closed_at, agency_responsible, service_notice, hidden_reason, created_at, updated_at)
            SELECT (%(services)s::int[])[1 + (n %% cardinality(%(services)s::int[]))],
                   (%(statuses)s::text[])[1 + (n %% cardinality(%(statuses)s::text[]))],
                   'Bench report ' || n,
                   ST_SetSRID(ST_GeometryN(ST_GeneratePoints(w.geometry, 1, n), 1), 4326), '', w.id,
                   '{}', '', false, '{}', gen_random_uuid(), n %% 7, '', 'normal', NULL, '', '', '',
                   now() - (n %% 365) * interval '1 day' - (n %% 1440) * interval '1 minute',
                   now() - (n %% 300) * interval '1 day'
            FROM generate_series(1, %(n)s) AS n
            JOIN LATERAL (SELECT id, geometry FROM places_area WHERE kind = 'ward' AND n > 0
                          ORDER BY id OFFSET (n %% 17) LIMIT 1) AS w ON true
            """,
            {"services": services, "statuses": statuses, "n": N_REPORTS},
        )
        cursor.execute(
            "UPDATE gamification_report SET closed_at = updated_at "
            "WHERE status IN ('fixed', 'closed') AND closed_at IS NULL"
        )
        # The ledger: ten payments per report, each to a different person (once per object).
        cursor.execute(
            """
            WITH people AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM accounts_user
                            WHERE email LIKE 'bench%%@example.org'),
                 reports AS (SELECT id, created_at, row_number() OVER (ORDER BY id) - 1 AS k FROM gamification_report)
            INSERT INTO gamification_ledgerentry (person_id, rule_id, points, object_type_id, object_id, reason,
                created_at)
            SELECT p.id, (%(paid)s::int[])[1 + (i %% 3)], CASE i %% 3 WHEN 0 THEN 10 WHEN 1 THEN 2 ELSE 3 END,
                   %(type)s, r.id, '', r.created_at + interval '1 hour'
            FROM generate_series(0, %(n)s - 1) AS i
            JOIN reports r ON r.k = i %% %(reports)s
            JOIN people p ON p.k = (i / %(reports)s + 7 * (i %% %(reports)s)) %% (SELECT count(*) FROM people)
            """,
            {"paid": paid, "type": report_type, "n": N_LEDGER, "reports": N_REPORTS},
        )
        # What the app keeps beside the ledger, computed from it.
        cursor.execute(
            """
            INSERT INTO gamification_pointstotal (person_id, total, pseudonym, ranked, ward_id, updated_at)
            SELECT l.person_id, sum(l.points), 'Bench ' || l.person_id, true, min(p.home_area_id), now()
            FROM gamification_ledgerentry l JOIN accounts_profile p ON p.user_id = l.person_id
            GROUP BY l.person_id
            ON CONFLICT (person_id) DO UPDATE SET total = EXCLUDED.total
            """
        )
        for period, unit in (("week", "week"), ("month", "month")):
            cursor.execute(
                f"""
                INSERT INTO gamification_pointsperiod (person_id, period, starts, points, ranked, ward_id)
                SELECT l.person_id, '{period}', date_trunc('{unit}', l.created_at)::date, sum(l.points), true,
                       min(p.home_area_id)
                FROM gamification_ledgerentry l JOIN accounts_profile p ON p.user_id = l.person_id
                GROUP BY l.person_id, date_trunc('{unit}', l.created_at)::date
                ON CONFLICT (person_id, period, starts) DO UPDATE SET points = EXCLUDED.points
                """
            )
        for table in ("report", "ledgerentry", "pointstotal", "pointsperiod"):
            cursor.execute(f"ANALYZE gamification_{table}")
    print(f"seeded {Report.objects.count()} reports, {LedgerEntry.objects.count()} ledger rows")


seed()
