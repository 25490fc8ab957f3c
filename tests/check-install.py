#!/usr/bin/env python3
"""Installs the build into a temporary DESTDIR and checks that everything a user needs
lands where GNOME looks for it. Usage: check-install.py MESON BUILD_DIR PREFIX"""
import os
import subprocess
import sys
import tempfile

meson, build_dir, prefix = sys.argv[1:4]
prefix = prefix.lstrip("/")
expected = [
    "bin/kaohe",
    "bin/kaohe-cli",
    "share/applications/io.github.kaohe.Kaohe.desktop",
    "share/metainfo/io.github.kaohe.Kaohe.metainfo.xml",
    "share/glib-2.0/schemas/io.github.kaohe.Kaohe.gschema.xml",
    "share/icons/hicolor/scalable/apps/io.github.kaohe.Kaohe.svg",
    "share/icons/hicolor/symbolic/apps/io.github.kaohe.Kaohe-symbolic.svg",
    "share/mime/packages/io.github.kaohe.Kaohe.mime.xml",
    "share/locale/zh_CN/LC_MESSAGES/kaohe.mo",
    "share/locale/zh_TW/LC_MESSAGES/kaohe.mo",
    "share/kaohe/samples/jiangsu-sample.kaohe",
    "share/kaohe/samples/SOURCES.md",
    "share/kaohe/frameworks/jiangsu-2020-city.xml",
    "share/kaohe/schema/kaohe-framework.xsd",
]

with tempfile.TemporaryDirectory() as destdir:
    env = dict(os.environ, DESTDIR=destdir)
    # Installing must not try to touch the live system: meson skips post-install
    # scripts' effects under DESTDIR.
    run = subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet"],
                         env=env, capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout, run.stderr, file=sys.stderr)
        sys.exit(1)
    missing = [p for p in expected if not os.path.isfile(os.path.join(destdir, prefix, p))]
    for p in missing:
        print(f"not installed: /{prefix}/{p}", file=sys.stderr)
    for exe in ("bin/kaohe", "bin/kaohe-cli"):
        path = os.path.join(destdir, prefix, exe)
        if os.path.isfile(path) and not os.access(path, os.X_OK):
            print(f"not executable: /{prefix}/{exe}", file=sys.stderr)
            missing.append(exe)
    sys.exit(1 if missing else 0)
