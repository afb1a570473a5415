"""Fail when a file of the repository cites a requirement id (R-xx) that
readme/REQUIREMENTS.md does not hold.

Comments, tests and documents name the requirement they serve by its id; the
reader must find that id, in the project's own words and with its clause,
inside the repository. Every tracked file (and every new file git does not
ignore) is read; binary files are skipped.
"""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIST = ROOT / "readme" / "REQUIREMENTS.md"
CITED = re.compile(r"\bR-(\d+)\b")
# an entry of the list: "- **R-30** — ..."
HELD = re.compile(r"^- \*\*R-(\d+)\*\*", re.MULTILINE)


def repository_files():
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "-co", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        # not a git checkout (an unpacked archive): every file but .git's
        return [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts]
    return [ROOT / name for name in out.decode().split("\0") if name]


def main():
    held = set(HELD.findall(LIST.read_text(encoding="utf-8")))
    if not held:
        print(f"{LIST.relative_to(ROOT)} lists no requirement id", file=sys.stderr)
        return 1
    unknown = {}
    for path in repository_files():
        if not path.is_file():
            continue  # deleted in the working tree
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary
        text = data.decode("utf-8", errors="replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            for number in CITED.findall(line):
                if number not in held:
                    where = f"{path.relative_to(ROOT)}:{lineno}"
                    unknown.setdefault(f"R-{number}", []).append(where)
    for rid, places in sorted(unknown.items()):
        print(
            f"{rid} is not in readme/REQUIREMENTS.md, cited at: {', '.join(places)}",
            file=sys.stderr,
        )
    if unknown:
        return 1
    print(f"every requirement id cited is in readme/REQUIREMENTS.md ({len(held)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
