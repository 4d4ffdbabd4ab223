"""Peak resident memory of this process, in MiB.

``ru_maxrss`` is not enough on Linux: a child started by fork + exec inherits its parent's high-water mark (the
kernel folds the forked mm's peak into the signal's maxrss at exec), so a 400 MB model run under a 1 GB parent
reads 1 GB. ``VmHWM`` in ``/proc/self/status`` is the peak of this process's own address space; ``ru_maxrss``
is the fallback where there is no /proc.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (``VmHWM``; ``ru_maxrss`` without /proc)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # the kernel reports kB
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
