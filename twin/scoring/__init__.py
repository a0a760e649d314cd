"""Impact scoring: `engine` is the pure calculation, `registry` lets feature apps hand over their
items' effects (twin never imports them), `service` stores ScoreRuns in batches."""
