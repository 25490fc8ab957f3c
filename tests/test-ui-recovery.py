#!/usr/bin/env python3
# test-ui-recovery.py — the real `kaohe` killed mid-edit loses nothing
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs under Xvfb (xvfb-run, see tests/meson.build) and drives the built binary with
# xdotool, as a user would with the keyboard:
#   1. kaohe opens a copy of the sample; Alt+1 (Framework page, focus in the tree), Down,
#      Down (the dimension "economy"), Alt+Down (moved below "reform"): an unsaved framework
#      edit that keeps the framework valid (the project stores only valid frameworks).
#   2. Within a few seconds the recovery file appears and holds the moved node; then the
#      process is killed with SIGKILL (no clean-up can run).
#   3. The recovery file is still there. A new kaohe on the same project offers to restore
#      (a second window, the dialog); Return answers with the default, Restore.
#   4. Ctrl+S on the Framework page saves; the recovery file goes; the project file (read
#      with sqlite3, not through Kaohe) has "reform" before "economy", unlike the original.
#
# Arguments: KAOHE SAMPLE_PROJECT
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

KAOHE, SAMPLE = sys.argv[1], sys.argv[2]
TAP = []


def ok(cond, what):
    TAP.append((cond, what))
    print(("ok" if cond else "not ok") + " %d %s" % (len(TAP), what), flush=True)
    return cond


def wait_for(cond, timeout, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()


def xdo(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True).stdout.split()


def windows():
    # Every visible toplevel of the app (the window, then a dialog).
    return xdo("search", "--onlyvisible", "--pid", str(app.pid))


def keys(window, *names):
    xdo("windowfocus", "--sync", window)
    for name in names:
        xdo("key", "--clearmodifiers", name)
        time.sleep(0.4)


def shot(name):
    # What the screen shows, for a failure's log ($KH_SCREENSHOT_DIR, ImageMagick's import).
    folder = os.environ.get("KH_SCREENSHOT_DIR")
    if folder and shutil.which("import"):
        os.makedirs(folder, exist_ok=True)
        subprocess.run(["import", "-window", "root", os.path.join(folder, name)],
                       capture_output=True)


def moved(xml):
    # "economy" (first of its paper in the sample) now comes after "reform".
    economy, reform = xml.find('id="economy"'), xml.find('id="reform"')
    return 0 <= reform < economy


def framework_xml(path):
    # The framework of the sample's last year for the cities (the one with "reform").
    con = sqlite3.connect(path)
    try:
        rows = [r[0] for r in con.execute(
            "SELECT xml FROM frameworks WHERE year = (SELECT MAX(year) FROM frameworks)")]
    finally:
        con.close()
    rows = [x for x in rows if 'id="reform"' in x]
    assert len(rows) == 1, "one framework of the last year has the dimension reform"
    return rows[0]


def start(path, log):
    # Started again if it gives up at once (the X server not ready for a new client).
    for attempt in range(3):
        proc = subprocess.Popen([KAOHE, path], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return proc
        time.sleep(1)
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.kill()
        proc.wait()


if shutil.which("xdotool") is None or not os.path.exists(SAMPLE):
    print("1..0 # SKIP xdotool or the sample project missing")
    sys.exit(0)

print("1..7", flush=True)
tmp = tempfile.mkdtemp(prefix="kaohe-recovery-")
project = os.path.join(tmp, "killed.kaohe")
shutil.copyfile(SAMPLE, project)
env = dict(os.environ)
env.update(XDG_STATE_HOME=os.path.join(tmp, "state"), XDG_CONFIG_HOME=os.path.join(tmp, "config"),
           XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CACHE_HOME=os.path.join(tmp, "cache"))
recovery_dir = os.path.join(tmp, "state", "kaohe", "recovery")
log = open(os.path.join(tmp, "kaohe.log"), "w")


def recovery_files():
    if not os.path.isdir(recovery_dir):
        return []
    return [os.path.join(recovery_dir, f) for f in os.listdir(recovery_dir)
            if f.endswith(".recovery")]


def recovery_has_edit():
    files = recovery_files()
    return len(files) == 1 and moved(open(files[0], encoding="utf-8").read())


# Before: "economy" comes first.
ok(not moved(framework_xml(project)), "the sample has economy before reform")

# 1–2. Edit, wait for the recovery file, kill.
app = start(project, log)
main = None
if wait_for(lambda: len(windows()) > 0, 60):
    main = windows()[0]
    time.sleep(3)  # the year loads on a worker thread
    edited = False
    for attempt in range(5):
        keys(main, "alt+1", "Home", "Down", "Down", "alt+Down")
        if wait_for(recovery_has_edit, 3 + 2 * 3):  # a write every 3 s (KH_RECOVERY_INTERVAL)
            edited = True
            break
    ok(edited, "an unsaved edit is written to the recovery file within a few seconds")
else:
    ok(False, "the window of kaohe shows")
os.kill(app.pid, signal.SIGKILL)
app.wait()
ok(app.returncode == -signal.SIGKILL and recovery_has_edit(),
   "after SIGKILL the recovery file is still there with the edit")
ok(not moved(framework_xml(project)), "the project file itself is unchanged")

# 3. Start again: the restore dialog, answered with Return (Restore, the default).
app = start(project, log)
offered = wait_for(lambda: len(windows()) >= 2, 60)
ok(offered, "the next start offers to restore the edits (a dialog)")
if offered:
    wins = windows()
    # The main window's title ends with the app's name ("killed.kaohe — Kaohe").
    dialog = [w for w in wins if xdo("getwindowname", w)[-1:] != ["Kaohe"]] or wins[-1:]
    shot("recovery-offered.png")
    keys(dialog[0], "Return")
    wait_for(lambda: len(windows()) == 1, 10)
    main = windows()[0]
    # 4. Save the restored edits to the project.
    keys(main, "alt+1", "ctrl+s")
    saved = wait_for(lambda: moved(framework_xml(project)), 20)
    shot("recovery-saved.png")
    ok(saved, "the restored edit, saved with Ctrl+S, is in the project file")
    ok(wait_for(lambda: recovery_files() == [], 10), "saving removes the recovery file")
else:
    ok(False, "the restored edit, saved with Ctrl+S, is in the project file")
    ok(False, "saving removes the recovery file")
stop(app)
log.close()
if not all(c for c, _ in TAP):
    sys.stderr.write(open(os.path.join(tmp, "kaohe.log")).read())
    sys.exit(1)
shutil.rmtree(tmp)
