#!/usr/bin/env python3
"""Checks flatpak.json: it parses, names the app id the build uses, builds Kaohe with meson
from the local directory using options meson knows, pins every download by sha256, and asks
for no more than the app needs. Usage: check-flatpak.py FLATPAK_JSON APP_ID MESON_OPTIONS"""
import json
import re
import sys

manifest_path, app_id, options_path = sys.argv[1:4]
problems = []
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

if manifest.get("id") != app_id:
    problems.append(f"id is {manifest.get('id')!r}, the build uses {app_id!r}")
if manifest.get("command") != "kaohe":
    problems.append("command is not kaohe")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("runtime/sdk are not org.gnome.Platform/org.gnome.Sdk")

allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
for arg in manifest.get("finish-args", []):
    if arg not in allowed:
        problems.append(f"finish-arg {arg} is more than the app needs")
for needed in ("--socket=wayland", "--socket=fallback-x11", "--share=ipc"):
    if needed not in manifest.get("finish-args", []):
        problems.append(f"finish-arg {needed} missing")

with open(options_path, encoding="utf-8") as f:
    known = set(re.findall(r"option\('([^']+)'", f.read()))
# meson's own options a manifest may set
known |= {"buildtype", "prefix", "libdir", "optimization", "debug", "werror", "b_lto", "b_ndebug"}

modules = manifest.get("modules", [])
if not modules or modules[-1].get("name") != "kaohe":
    problems.append("the last module is not kaohe")
else:
    app = modules[-1]
    if app.get("buildsystem") != "meson":
        problems.append("kaohe is not built with meson")
    if app.get("sources") != [{"type": "dir", "path": "."}]:
        problems.append("kaohe is not built from the local directory")
    for opt in app.get("config-opts", []):
        m = re.match(r"-D([A-Za-z0-9_]+)=", opt)
        if m and m.group(1) not in known:
            problems.append(f"config option {opt} is not in meson_options.txt")

for module in modules[:-1]:
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file"):
            if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                problems.append(f"{module.get('name')}: {source.get('url')} is not pinned by sha256")
names = {m.get("name") for m in modules}
for dep in ("libxlsxwriter", "minizip", "libpq"):
    if dep not in names:
        problems.append(f"no module for {dep}, which the GNOME runtime lacks")

for p in problems:
    print(f"{manifest_path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
