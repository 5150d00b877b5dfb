"""Urgent work never waits behind encodes: real worker processes, one per Procfile line, real
ffmpeg. While the media worker encodes a long video, urgent tasks start at once and a
withdrawal is purged completely (files and search entries gone); the encode ends unharmed."""

import pytest

from tests.kafamuya.test_worker import worker_environment
from tests.urgent_queue import PROBES, run_scenario

ENCODE_SECONDS = 60  # of video: an encode that outlasts the purge on a busy two-core machine
PURGE_LIMIT_S = 60  # what this test allows (production's goal is 15 minutes)


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_is_purged_while_the_media_worker_encodes():
    outcome = run_scenario(worker_environment(), ENCODE_SECONDS, PURGE_LIMIT_S,
                           encode_limit_s=600)
    output = "\n".join(f"--- {name}\n{text}" for name, text in outcome.worker_output.items())

    assert outcome.encode_started, output
    assert len(outcome.urgent_start_s) == PROBES, output
    assert outcome.purge_s is not None, f"not purged within {PURGE_LIMIT_S} s\n{output}"
    assert outcome.encode_running_at_purge, "the encode ended first: make the video longer"
    assert outcome.encode_status == "SUCCESSFUL", output
    assert outcome.media_status == "ready"
    assert {"hls", "144p", "240p", "360p", "download", "audio"} <= outcome.profiles
