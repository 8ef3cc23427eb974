"""Pagefind run so that MkDocs, which the build waits for, keeps a core of its own."""

from __future__ import annotations

import os
import shutil


def at_low_priority(command: list[str]) -> list[str]:
    """``command`` run so that it leaves MkDocs, which the build waits for, a core of its own:
    Pagefind has until the end of the build, but its threads (it writes a part on several)
    would take turns with MkDocs and evict its data from the core's cache.

    ``nice`` where there is one; ``taskset`` (Linux) keeps it off one of the cores this process
    may use, which also keeps Pagefind's writer threads from spinning on the lock of the folder
    where they create files. Safe to drop either: only the build's time depends on them."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    taskset = shutil.which("taskset")
    if taskset and len(cores) > 1:
        command = [taskset, "-c", ",".join(map(str, cores[1:])), *command]
    nice = shutil.which("nice")
    return [nice, "-n", "19", *command] if nice else command
