"""Fail when a term of the freshly exported template has no Russian translation.

Usage: check_i18n.py exported.pot i18n/ru.po
"""

import sys

import polib


def main(pot_path, po_path):
    pot = polib.pofile(pot_path)
    po = polib.pofile(po_path)
    translated = {
        (entry.msgctxt, entry.msgid): entry
        for entry in po
        if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete
    }
    missing = [entry for entry in pot if (entry.msgctxt, entry.msgid) not in translated]
    for entry in missing:
        print(f"missing ru translation: {entry.msgid!r}", file=sys.stderr)
    if missing:
        print(
            f"{len(missing)} of {len(pot)} terms lack a Russian translation",
            file=sys.stderr,
        )
        return 1
    print(f"i18n ok: all {len(pot)} terms translated into Russian")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
