"""Observations are read for people only where the tier rule is applied: a new module that
reads KpiObservation (an investor page, a search index, an export) fails here until it goes
through twin.selectors with a FigureAccess, or is listed with the reason it may read directly."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "bench", "migrations", "var"}
# Module → why it may touch observations without a FigureAccess.
ALLOWED = {
    "twin/models.py": "defines it",
    "twin/selectors.py": "the reads for people: every public selector takes `access`",
    "twin/ingest.py": "writes observations from sources",
    "twin/scoring/service.py": "scores use every figure; score lines are redacted by selectors.score_lines",
    "twin/reach.py": "population for reach; `reach(access=)` withholds people",
    "twin/api.py": "the observations API checks may_download for the KPI's dataset before reading",
    "twin/admin.py": "staff editing the store",
    "twin/receivers.py": "signal wiring, no reads",
    "twin/delivery.py": "projected against observed: `compare(access=)` withholds KPIs the reader may not see",
}


def test_only_listed_modules_read_observations():
    readers = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIP & set(relative.parts):
            continue
        if "KpiObservation" in path.read_text(encoding="utf-8"):
            readers.add(relative.as_posix())
    assert readers - set(ALLOWED) == set(), "read observations through twin.selectors with a FigureAccess"
    assert set(ALLOWED) - readers == set(), "a listed module no longer reads observations: drop it"
