"""Child processes that end with the process that started them.

A build killed outright (SIGKILL, the out-of-memory killer) runs no clean-up, so its children
cannot be told to stop: Pagefind and the related-papers worker would go on, holding memory
and a core. On Linux the kernel is asked to send them SIGKILL when their parent dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
"""From <sys/prctl.h>."""

_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
"""Loaded here, not in a child between fork and exec, where loading a library is unsafe."""


def end_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` (the pid that started it) does.

    The request is tied to the parent's thread that started this process, which must outlive
    it: true of the build's main thread and of the serve indexer's thread, which waits for its
    child. Checked after the request, for a parent that died before it was made."""
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def ending_with_this_process():
    """A ``preexec_fn`` for :class:`subprocess.Popen`: the child ends when this process does."""
    parent = os.getpid()
    return lambda: end_with_parent(parent)
