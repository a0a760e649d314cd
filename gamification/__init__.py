"""Street reporting (Open311 service requests), the Open311 GeoReport v2 server, and – as they
arrive – points, badges, leaderboards and data-improvement tasks. One Django app, one module or
sub-package per concern (shared/ARCHITECTURE.md: a feature app on floor 3)."""
