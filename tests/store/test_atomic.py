"""Output folders: one lock each, and scratch folders that never outlive their run."""

import os
import subprocess
import sys
import time

import pytest

from jdib.errors import InputError
from jdib.store import atomic

HOLD = ("import sys, time; from jdib.store import atomic\n"
        "with atomic.folder_lock(sys.argv[1]):\n"
        "    print('held', flush=True); time.sleep(30)\n")


def test_a_second_run_on_a_locked_folder_waits_then_names_the_holder(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(InputError, match=rf"another jdib run \(pid {holder.pid}\) is writing here"):
            with atomic.folder_lock(tmp_path, wait=0.5):
                pass
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    with atomic.folder_lock(tmp_path, wait=5):  # the holder died: its lock went with it
        assert (tmp_path / atomic.LOCK).read_text().strip() == str(os.getpid())
    assert not (tmp_path / atomic.LOCK).exists()  # no lock file is left behind


def test_a_lock_file_left_by_a_dead_run_is_taken_over(tmp_path):
    (tmp_path / atomic.LOCK).write_text("999999\n")
    with atomic.folder_lock(tmp_path, wait=0):
        pass


def test_scratch_folders_of_dead_runs_go_and_those_of_live_runs_stay(tmp_path):
    finished = subprocess.Popen(["true"])
    finished.wait()
    alive = subprocess.Popen(["sleep", "30"])
    try:
        dead_dir = tmp_path / f".jdib-tmp-{finished.pid}-a"
        live_dir = tmp_path / f".jdib-tmp-{alive.pid}-b"
        users = tmp_path / "jdib-tmp-notes"
        for d in (dead_dir, live_dir, users):
            d.mkdir()
        assert atomic.remove_stale(tmp_path) == [dead_dir]
        assert live_dir.exists() and users.exists()
    finally:
        alive.kill()
        alive.wait()
