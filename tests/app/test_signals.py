"""Closing the terminal (SIGHUP), SIGTERM and ctrl+c stop the embedded servers the console started,
exactly as `q` does: a real `driftdeck` process in a pseudo-terminal, a real embedded server."""

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import psutil
import pytest


def servers_under(folder) -> list[psutil.Process]:
    """PostgreSQL postmasters whose data folder is under ``folder``."""
    out = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or ())
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if "postgres" in (proc.info["name"] or "") and " -D " in cmd and str(folder) in cmd:
            out.append(proc)
    return out


def start_console(project_dir, home, args=None):
    """``driftdeck`` (``--project project_dir``, or ``args``) in a 100×30 pseudo-terminal; a thread
    drains what it draws."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(DRIFTDECK_HOME=str(home), TERM="xterm-256color")
    args = args or ["--project", str(project_dir)]
    proc = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    proc.drawn = bytearray()  # what it has drawn so far (the last 64 KiB)

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            proc.drawn = (proc.drawn + chunk)[-65536:]

    threading.Thread(target=drain, daemon=True).start()
    return proc, master


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached in {timeout:.0f} s")
        time.sleep(0.2)


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "ctrl+c"])
def test_closing_the_terminal_or_a_signal_stops_the_servers_the_console_started(how, make_db, tmp_path):
    """SOURCE `migrations` makes the console start its replay server; the signal must stop it."""
    project = tmp_path / "project"
    (project / "db" / "migrations").mkdir(parents=True)
    (project / "db" / "migrations" / "20250101000000_create_notes.sql").write_text("create table notes (id int);\n")
    dev = make_db()
    (project / "driftdeck.toml").write_text(f'[project]\nmigrations = "db/migrations"\n\n[environments.dev]\nurl = "{dev}"\n')
    home = tmp_path / "home"
    proc, master = start_console(project, home)
    try:
        wait_until(lambda: servers_under(home), 120, "the replay server started by the console")
        time.sleep(1)
        if how == "ctrl+c":
            os.write(master, b"\x03")
        elif how == "SIGHUP":
            os.close(master)  # the terminal window goes away…
            master = None
            proc.send_signal(signal.SIGHUP)  # …and the kernel hangs up the session
        else:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        wait_until(lambda: not servers_under(home), 30, "no server left")
    finally:
        if proc.poll() is None:
            proc.kill()
        if master is not None:
            os.close(master)
        for server in servers_under(home):  # never leave one behind, even when the test fails
            server.terminate()


def test_q_then_the_window_closed_at_once_still_stops_the_demo_server(tmp_path):
    """The demo's server is started before the console opens and stopped as the process leaves: a
    hang-up arriving then (q, and the window closed straight after) must not cut that short."""
    home = tmp_path / "home"
    proc, master = start_console(None, home, ["--demo"])
    try:
        wait_until(lambda: servers_under(home), 120, "the demo server")
        wait_until(lambda: b"Friday sync" in proc.drawn, 60, "the console on screen")
        time.sleep(1)
        os.write(master, b"q")
        while proc.poll() is None:  # hang-ups all along the way out
            proc.send_signal(signal.SIGHUP)
            time.sleep(0.005)
        wait_until(lambda: not servers_under(home), 30, "no server left")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        for server in servers_under(home):
            server.terminate()
