"""Run one function in many threads that start together, each on its own database connection."""

import threading

from django.db import connection


def run_together(worker, *, threads: int) -> list[str]:
    """worker(i) in `threads` threads released at once; returns the errors they raised (repr)."""
    barrier, errors = threading.Barrier(threads), []

    def run(i):
        try:
            barrier.wait()
            worker(i)
        except Exception as exc:  # noqa: BLE001 - collected and returned to the test
            errors.append(repr(exc))
        finally:
            connection.close()

    started = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return errors
