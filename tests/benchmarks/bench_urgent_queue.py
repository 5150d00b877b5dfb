"""Urgent work while every media worker is busy, with the workers the Procfile starts (real
processes, real ffmpeg; see tests/urgent_queue.py).

- urgent_task_start_s: the worst wait, from enqueue to start, of urgent tasks enqueued one
  after another while the media worker encodes. Goal: at most 60.
- withdrawal_purge_s: from the withdrawal to a complete purge (files gone from storage, search
  entries gone) while the media worker encodes. Goal: at most 900 (the README's 15 minutes).
"""

from tests.benchmarks.demo_site import demo_site

ENCODE_SECONDS = 60
PURGE_LIMIT_S = 900


def run() -> dict[str, float]:
    from tests.kafamuya.test_worker import worker_environment
    from tests.urgent_queue import run_scenario

    demo_site()
    outcome = run_scenario(worker_environment(), ENCODE_SECONDS, PURGE_LIMIT_S,
                           encode_limit_s=1800)
    if not outcome.encode_started or outcome.purge_s is None:
        raise RuntimeError("the urgent-queue scenario did not complete:\n"
                           + "\n".join(outcome.worker_output.values()))
    return {"urgent_task_start_s": round(max(outcome.urgent_start_s), 3),
            "withdrawal_purge_s": round(outcome.purge_s, 3)}
