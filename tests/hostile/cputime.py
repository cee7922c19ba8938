#!/usr/bin/env python3
"""cputime.py SECONDS CMD...: runs CMD (killed after SECONDS), prints the
user + system CPU seconds it used, and exits with its status.

time(1) prints CPU time in hundredths of a second: a 20 ms conversion reads
as 0.01-0.03 s, and a ratio of two such readings moves by 3x. The kernel's
rusage of the child is exact."""
import os
import signal
import subprocess
import sys

limit, cmd = float(sys.argv[1]), sys.argv[2:]
proc = subprocess.Popen(cmd)
signal.signal(signal.SIGALRM, lambda *_: proc.kill())
signal.setitimer(signal.ITIMER_REAL, limit)
_, status, usage = os.wait4(proc.pid, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
proc.returncode = 0  # reaped above; keeps Popen from waiting again
print(f"{usage.ru_utime + usage.ru_stime:.4f}")
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)
