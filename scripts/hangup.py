#!/usr/bin/env python3
"""Closes the terminal under a running iln, as a closed window does, and reports whether
iln ended. iln once went on reading the end of the file at full speed for ever, deaf to
signals (crossterm's default event source loops on a read of 0 bytes).

    scripts/hangup.py [running|suspended]   (after cargo build; exits 1 if iln stays)
"""
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ILN = os.path.join(ROOT, "target", "debug", "iln")
mode = sys.argv[1] if len(sys.argv) > 1 else "running"
db = os.path.join(tempfile.mkdtemp(), "iln.db")
subprocess.run([ILN, "--db", db, "demo", "--applicants", "30"], check=True,
               capture_output=True)


def drain(fd, seconds):
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


pid, fd = pty.fork()
if pid == 0:
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
drain(fd, 0.5)
os.write(fd, f"stty cols 100 rows 30; TERM=xterm-256color '{ILN}' --db '{db}'\n".encode())
drain(fd, 2)
if mode == "suspended":
    os.write(fd, b"\x1a")
    drain(fd, 1)
os.kill(pid, signal.SIGKILL)
os.close(fd)
time.sleep(3)
left = subprocess.run(["pgrep", "-f", db], capture_output=True, text=True).stdout.split()
for p in left:
    os.kill(int(p), signal.SIGKILL)
print(f"{mode}: iln {'still ran (killed now)' if left else 'ended'}")
sys.exit(1 if left else 0)
