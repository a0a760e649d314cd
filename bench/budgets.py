"""Benchmarks for the planning game and participatory budgeting (issue 14), on the bench database:

- in-process: a game move (press + on one intervention of a plan with 20 chosen, and re-project
  through the page's htmx request) – target under 100 ms at the median;
- in-process: both counts (greedy and Equal Shares) of 10,000 ballots over 200 items, read from
  the database – target under 2 s;
- ballots cast and changed by 50 signed-in clients through the JSON API (PUT my ballot; target
  300/s) and then through the page's form (reported), each checked afterwards: one ballot per
  person, none mixing two submissions, the count equals the rows.

Run with `make bench-budgets`; numbers go in closing notes and bench/README.md, not in tests.
"""

import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import DURATION, shell, wrk  # noqa: E402
from tests.liveserver import bench_env, gunicorn_server, prepare_bench  # noqa: E402

TARGET_MOVE_MS, TARGET_COUNT_S, TARGET_BALLOTS = 100, 2.0, 300
VOTERS = 50  # concurrent clients
SESSIONS = 3000  # people they vote as, at random: most cast a ballot, some change theirs
CSRF = "benchbudgetcsrf00000000000000000"  # 32 characters: cookie and header

SEED = """
import json, random, statistics, time
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.test import Client
from importlib import import_module
from accounts.models import User
from places.models import Area
from proposals.budgets import selectors
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem
from twin.models import Intervention
from twin.reference import reference_load

rng = random.Random(14)
reference_load()
# The catalogue has 7 interventions; the bench plan chooses 20.
for i in range(13):
    Intervention.objects.update_or_create(code=f"bench-intervention-{i}", defaults=dict(
        name=f"Bench intervention {i}", description="Generated for the benchmark.", unit="unit",
        cost_per_unit_gbp=1_000 + 500 * i, effects_per_unit={"trees": 1 + i % 3, "jobs_created": 0.01 * i},
        source="Bench", step=1))
district = Area.objects.get(kind="district")
people = list(User.objects.filter(email__startswith="bench").order_by("pk")[:SESSIONS + 10_000])

def budget(title, items, amount):
    found = Budget.objects.filter(title=title).first()
    if found:
        return found
    made = Budget.objects.create(title=title, description="Bench", area=district, amount_gbp=amount, phase="vote")
    BudgetItem.objects.bulk_create([BudgetItem(budget=made, title=f"Item {i}", description="Bench",
        cost_gbp=rng.randrange(5_000, 250_000, 500), position=i) for i in range(items)])
    return made

counted = budget("Bench count: 10,000 ballots over 200 items", 200, 2_000_000)
if not Ballot.objects.filter(budget=counted).exists():
    items = list(counted.items.values_list("pk", "cost_gbp"))
    weights = [rng.random() ** 2 for _ in items]
    with transaction.atomic():
        voters = people[SESSIONS:SESSIONS + 10_000]
        ballots = Ballot.objects.bulk_create([Ballot(budget=counted, user=u) for u in voters])
        choices = []
        for ballot in ballots:
            chosen, total = set(), 0
            for pk, cost in rng.choices(items, weights=weights, k=12):
                if pk not in chosen and total + cost <= counted.amount_gbp:
                    chosen.add(pk); total += cost
            choices += [BallotChoice(ballot=ballot, item_id=pk) for pk in chosen]
        BallotChoice.objects.bulk_create(choices, batch_size=20_000)

voting = budget("Bench vote: 50 items", 50, 1_000_000)
Budget.objects.filter(pk=voting.pk).update(phase="vote", vote_closes_at=None)
Ballot.objects.filter(budget=voting).delete()  # every run starts with no ballots cast
costs = dict(voting.items.order_by("pk").values_list("pk", "cost_gbp"))
ballots, pick = [], random.Random(1414)
for _ in range(400):  # valid ballots the clients choose from, the same in every run
    chosen, total = [], 0
    for pk in pick.sample(list(costs), 8):
        if total + costs[pk] <= voting.amount_gbp:
            chosen.append(pk); total += costs[pk]
    ballots.append(chosen)

store = import_module(settings.SESSION_ENGINE).SessionStore
def session_for(user):
    s = store()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    return s.session_key

def median(run, times):
    spent = []
    for _ in range(times):
        start = time.perf_counter(); run(); spent.append(time.perf_counter() - start)
    return statistics.median(spent), min(spent), max(spent)

out = {"ballots_counted": Ballot.objects.filter(budget=counted).count(),
       "choices_counted": BallotChoice.objects.filter(ballot__budget=counted).count()}
out["count"] = median(lambda: selectors.budget_count(budget=counted), 3)

# A game move: a plan with 20 interventions chosen, + pressed on one, through the page (htmx).
codes = list(Intervention.objects.order_by("code").values_list("code", flat=True))[:20]
client = Client(SERVER_NAME="127.0.0.1")
client.force_login(people[0])
data = {"area": district.pk, "budget": 20_000_000, "more": codes[3]}
for code in codes:
    data[f"was_{code}"] = data[f"q_{code}"] = "2"
data["was_bus-priority"] = data["q_bus-priority"] = "0.5"
def move():
    response = client.post("/plan/play/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"game-board" in response.content, response.status_code
move()
out["move"] = median(move, 21)
from gamification import game
from twin.permissions import figure_access
items = game.catalogue()
board = game.Board(area=district, budget=20_000_000, objectives=["air_quality", "green_blue_space"],
                   quantities={c: 2.0 for c in codes})
out["project"] = median(lambda: game.project(board, items, access=figure_access(people[0])), 21)
out["budget"] = voting.pk
out["ballots"] = ballots
out["sessions"] = [session_for(u) for u in people[10:10 + SESSIONS]]
out["ballots_before"] = Ballot.objects.filter(budget=voting).count()
print(json.dumps(out))
"""

CHECK = """
import json
from django.db.models import Count
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem
budget = Budget.objects.get(pk={budget})
ballots = Ballot.objects.filter(budget=budget)
doubled = ballots.values("user").annotate(n=Count("pk")).filter(n__gt=1).count()
from proposals.budgets import selectors
counted = selectors.budget_count(budget=budget)
valid = {{frozenset(b) for b in {ballots}}}
stored = [frozenset(c.item_id for c in b.choices.all()) for b in ballots.prefetch_related("choices")]
mixed = sum(1 for chosen in stored if chosen not in valid)
print(json.dumps({{"ballots": ballots.count(), "counted": counted["ballots"], "doubled": doubled, "mixed": mixed}}))
"""

API_LUA = """
local sessions = {%s}
local ballots = {%s}
local csrf = "%s"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function()
  math.randomseed(id * 104729)
end
request = function()
  local s = sessions[math.random(#sessions)]
  local b = ballots[math.random(#ballots)]
  local body = '{"items":[' .. table.concat(b, ",") .. ']}'
  return wrk.format("PUT", "%s", {
    ["Content-Type"] = "application/json",
    ["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
  }, body)
end
"""

VOTE_LUA = """
local sessions = {%s}
local ballots = {%s}
local csrf = "%s"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function()
  math.randomseed(id * 7919)
end
request = function()
  local s = sessions[math.random(#sessions)]
  local b = ballots[math.random(#ballots)]
  local body = "csrfmiddlewaretoken=" .. csrf
  for _, pk in ipairs(b) do body = body .. "&item=" .. pk end
  return wrk.format("POST", "%s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Referer"] = "%s",
  }, body)
end
"""


def main():
    env = bench_env(API_THROTTLE="false")
    prepare_bench(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    facts = shell(env, SEED.replace("SESSIONS", str(SESSIONS)))
    print("In-process (median, min, max of repeated runs):")
    median, low, high = facts["move"]
    verdict = "ok" if median * 1000 < TARGET_MOVE_MS else "MISS"
    print(
        f"  game move, 20 interventions chosen, + pressed (htmx page) {median * 1000:>7.1f} ms"
        f" ({low * 1000:.1f}–{high * 1000:.1f})  target < {TARGET_MOVE_MS} ms: {verdict}"
    )
    median, low, high = facts["project"]
    label = "    of which the projection alone"
    print(f"{label:<58} {median * 1000:>7.1f} ms ({low * 1000:.1f}–{high * 1000:.1f})")
    median, low, high = facts["count"]
    verdict = "ok" if median < TARGET_COUNT_S else "MISS"
    print(
        f"  both counts of {facts['ballots_counted']:,} ballots ({facts['choices_counted']:,} choices) over 200 items"
        f" {median:>6.2f} s ({low:.2f}–{high:.2f})  target < {TARGET_COUNT_S:g} s: {verdict}"
    )
    with gunicorn_server(env, workers=2, threads=4) as base:
        sessions = ", ".join(f'"{s}"' for s in facts["sessions"])
        ballots = ", ".join("{" + ", ".join(map(str, b)) + "}" for b in facts["ballots"])
        page = base + f"/budgets/{facts['budget']}/"
        check = urllib.request.Request(page, headers={"Cookie": f"sessionid={facts['sessions'][0]}"})
        urllib.request.urlopen(check, timeout=30).read()
        runs = [
            (
                "the JSON API (PUT /api/v1/budgets/<id>/ballot/)",
                API_LUA % (sessions, ballots, CSRF, f"/api/v1/budgets/{facts['budget']}/ballot/"),
                True,
            ),
            (
                "the page's form (POST, then the redirect's headers)",
                VOTE_LUA % (sessions, ballots, CSRF, f"/budgets/{facts['budget']}/ballot/", page),
                False,
            ),
        ]
        before = facts["ballots_before"]
        for label, lua, target in runs:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(lua)
            start = time.time()
            rps, p50, p99, errors, total, _split = wrk(base + "/", connections=VOTERS, script=script.name)
            after = shell(env, CHECK.format(budget=facts["budget"], ballots=facts["ballots"]))
            accepted = (total - errors) / float(DURATION.rstrip("s"))
            verdict = f" (target {TARGET_BALLOTS}: {'ok' if accepted >= TARGET_BALLOTS else 'MISS'})" if target else ""
            print(
                f"\nBallots cast or changed through {label}:"
                f" {VOTERS} clients, {DURATION} (wall {time.time() - start:.0f} s)"
            )
            print(
                f"  {accepted:.0f} ballots/s accepted{verdict},"
                f" p50 {p50:.1f} ms, p99 {p99:.1f} ms, {errors} not accepted"
            )
            ok = after["doubled"] == 0 and after["mixed"] == 0 and after["ballots"] == after["counted"]
            print(
                f"  {after['ballots'] - before} new ballots"
                f" ({after['ballots']} in all, {after['counted']} counted);"
                f" people with two ballots: {after['doubled']}; ballots mixing two submissions: {after['mixed']}"
                f"  -> {'OK' if ok else 'CHECK'}"
            )
            before = after["ballots"]


if __name__ == "__main__":
    main()
