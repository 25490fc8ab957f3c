#!/usr/bin/env python3
"""Checks the translations against the sources as they are now.

Usage: check-po.py SOURCE_ROOT XGETTEXT MSGFMT MSGMERGE MSGCMP

- po/LINGUAS names exactly the po/*.po files;
- po/POTFILES.in is sorted, names only existing files that hold translatable strings, and
  every file under app/, resources/ and data/ that marks a string for translation;
- a fresh template is extracted with xgettext exactly as meson's i18n.gettext(preset: 'glib')
  does (po/kaohe.pot in the tree may be stale and is not used), without warnings;
- for each language: msgcmp finds every msgid of the template translated (not fuzzy), and the
  .po merged with the fresh template passes msgfmt --check with 0 untranslated and 0 fuzzy
  messages; the header names the language and one plural form; mnemonics, command-line
  options and the script (simplified or traditional) are kept.
"""
import os
import re
import subprocess
import sys
import tempfile

PACKAGE = "kaohe"
# The arguments of meson's i18n module, preset 'glib' (mesonbuild/modules/i18n.py).
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]
C_MARK = re.compile(r'(?<![\w])(?:_|N_|C_|NC_|Q_)\s*\(\s*"|\bg_d(?:n|c|p)?gettext2?\s*\(')
UI_MARK = re.compile(r'translatable="(?:yes|true)"')
SCHEMA_MARK = re.compile(r"<(?:summary|description)\b")
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*")
# Characters that exist in only one of the two scripts (個/个, 資/资 …).
SIMPLIFIED_ONLY = set("个们这没数据项设导开关录为对时会与长门问间发现动认应该组标体级县区进编输选择图载储单击帮错误页删")
TRADITIONAL_ONLY = set("個們這沒數據項設導開關錄為對時會與長門問間發現動認應該組標體級縣區進編輸選擇圖載儲單擊幫錯誤頁刪")

problems = []


def problem(text):
    problems.append(text)


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def unquote(s):
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b",
               "f": "\f", "v": "\v"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    """Entries as dicts: msgid, msgid_plural, msgstr (list), flags, line; obsolete ones skipped."""
    entries, cur, field = [], None, None

    def flush():
        if cur is not None and "msgid" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#~") or not line.strip():
                if not line.strip():
                    flush()
                    cur, field = None, None
                continue
            if cur is None:
                cur = {"flags": set(), "msgstr": {}, "line": number, "refs": []}
            if line.startswith("#,"):
                cur["flags"].update(x.strip() for x in line[2:].split(","))
            elif line.startswith("#:"):
                cur["refs"].extend(line[2:].split())
            elif line.startswith("#"):
                continue
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
                if m:
                    key = m.group(1)
                    if key.startswith("msgstr"):
                        field = ("msgstr", int(m.group(2) or 0))
                        cur["msgstr"][field[1]] = unquote(m.group(3))
                    else:
                        field = (key, None)
                        cur[key] = unquote(m.group(3))
                elif line.startswith('"') and field is not None:
                    text = unquote(line[1:-1])
                    if field[0] == "msgstr":
                        cur["msgstr"][field[1]] += text
                    else:
                        cur[field[0]] += text
    flush()
    return entries


def check_lists(root):
    po_dir = os.path.join(root, "po")
    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        langs = [w for line in f if not line.startswith("#") for w in line.split()]
    files = sorted(n[:-3] for n in os.listdir(po_dir) if n.endswith(".po"))
    if sorted(langs) != files:
        problem(f"po/LINGUAS names {sorted(langs)} but po/ holds {files}")

    with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    if listed != sorted(listed):
        for a, b in zip(listed, listed[1:]):
            if a > b:
                problem(f"po/POTFILES.in: not sorted: {b} comes after {a}")
    if len(set(listed)) != len(listed):
        problem("po/POTFILES.in: a file is listed twice")
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problem(f"po/POTFILES.in: {path} does not exist")

    marked = set()
    for top in ("app", "resources", "data"):
        for dirpath, _dirs, names in os.walk(os.path.join(root, top)):
            for name in names:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if name.endswith((".c", ".h")):
                    mark = C_MARK
                elif name.endswith(".ui"):
                    mark = UI_MARK
                elif name.endswith(".gschema.xml"):
                    mark = SCHEMA_MARK
                elif name.endswith((".desktop.in", ".metainfo.xml.in", ".appdata.xml.in")):
                    marked.add(rel)
                    continue
                else:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    if mark.search(f.read()):
                        marked.add(rel)
    for rel in sorted(marked - set(listed)):
        problem(f"po/POTFILES.in: {rel} has translatable strings but is not listed")
    return langs, listed


def extract(root, xgettext, pot):
    result = run([xgettext, "--package-name=" + PACKAGE, "-f", os.path.join(root, "po", "POTFILES.in"),
                  "-D", root, "-k_", "-o", pot] + GLIB_PRESET)
    if result.returncode != 0:
        problem("xgettext failed:\n" + result.stderr)
        return False
    for line in result.stderr.splitlines():
        if "warning" in line:
            # e.g. a msgid cut short by G_GINT64_FORMAT: use PRId64 or %zu instead.
            problem("xgettext: " + line)
    return True


def mnemonic(text):
    """The mnemonic letter of a label such as "_Open" or "Pre_view", else None."""
    if "%" in text or "$" in text or text.count("_") != 1:
        return None
    m = re.search(r"(?:^|[^\w])\w*_(\w)", text)
    return m.group(1) if m and not re.search(r"\w_\w+_", text) else None


def check_language(root, lang, pot, msgfmt, msgmerge, msgcmp, tmp):
    po = os.path.join(root, "po", lang + ".po")
    name = "po/" + lang + ".po"

    result = run([msgcmp, po, pot])
    if result.returncode != 0:
        # msgcmp names every msgid of the sources that the .po lacks, leaves untranslated or fuzzy.
        problem(f"{name}: not up to date with the sources (run ninja kaohe-update-po and translate):\n"
                + result.stderr.replace(po, name).rstrip())

    merged = os.path.join(tmp, lang + ".po")
    result = run([msgmerge, "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot])
    if result.returncode != 0:
        problem(f"{name}: msgmerge failed:\n{result.stderr}")
        return
    result = run([msgfmt, "--check", "--statistics", "-o", os.devnull, merged],
                 env=dict(os.environ, LC_ALL="C"))
    if result.returncode != 0:
        problem(f"{name}: msgfmt --check failed:\n" + result.stderr.replace(merged, name).rstrip())
    stats = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    if "untranslated" in stats or "fuzzy" in stats:
        problem(f"{name}: {stats}")

    entries = parse_po(merged)
    header = next((e for e in entries if e["msgid"] == ""), None)
    if header is None:
        problem(f"{name}: no header")
    else:
        text = header["msgstr"].get(0, "")
        if f"Language: {lang}\n" not in text:
            problem(f"{name}: the header does not say Language: {lang}")
        if "Plural-Forms: nplurals=1; plural=0;" not in text:
            problem(f"{name}: Chinese has one plural form: Plural-Forms: nplurals=1; plural=0;")
        if "fuzzy" in header["flags"]:
            problem(f"{name}: the header is fuzzy")

    wrong_script = SIMPLIFIED_ONLY if lang == "zh_TW" else TRADITIONAL_ONLY if lang == "zh_CN" else set()
    for e in entries:
        if e["msgid"] == "":
            continue
        where = f"{name}:{e['line']}"
        translations = [e["msgstr"][k] for k in sorted(e["msgstr"])]
        if "fuzzy" in e["flags"]:
            problem(f"{where}: fuzzy: {e['msgid']!r}")
        if not any(translations) or not all(translations):
            problem(f"{where}: untranslated: {e['msgid']!r}")
            continue
        for msgstr in translations:
            letter = mnemonic(e["msgid"])
            if letter is not None and not re.search(r"_\w", msgstr):
                problem(f"{where}: the mnemonic _{letter} of {e['msgid']!r} is lost in {msgstr!r}")
            options = sorted(set(OPTION.findall(e["msgid"])))
            missing = [o for o in options if o not in OPTION.findall(msgstr)]
            if missing:
                problem(f"{where}: {', '.join(missing)} must stay as in {e['msgid']!r}: {msgstr!r}")
            bad = sorted(set(msgstr) & wrong_script)
            if bad:
                problem(f"{where}: {''.join(bad)} is not of the script of {lang}: {msgstr!r}")


def main():
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    root, xgettext, msgfmt, msgmerge, msgcmp = sys.argv[1:6]
    root = os.path.abspath(root)
    langs, listed = check_lists(root)
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, PACKAGE + ".pot")
        if extract(root, xgettext, pot):
            referenced = {ref.rsplit(":", 1)[0] for e in parse_po(pot) for ref in e["refs"]}
            for path in listed:
                if path not in referenced:
                    problem(f"po/POTFILES.in: {path} has no translatable strings")
            n = sum(1 for e in parse_po(pot) if e["msgid"] != "")
            print(f"# {n} messages in the sources")
            for lang in langs:
                if os.path.isfile(os.path.join(root, "po", lang + ".po")):
                    check_language(root, lang, pot, msgfmt, msgmerge, msgcmp, tmp)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"# {', '.join(langs)}: every message translated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
