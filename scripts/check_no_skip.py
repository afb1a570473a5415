"""Fail when the JUnit report of pytest lists a skipped test.

Odoo skips a browser test (tour) when Chromium or websocket-client is missing;
`make test` must not pass then.
Usage: check_no_skip.py REPORT.xml
"""

import sys
import xml.etree.ElementTree as ET


def main(path):
    skipped = [
        f"{case.get('classname')}.{case.get('name')}: {skip.get('message', '')}"
        for case in ET.parse(path).iter("testcase")
        for skip in case.findall("skipped")
    ]
    for line in skipped:
        print(f"skipped: {line}", file=sys.stderr)
    if skipped:
        print(f"ERROR: {len(skipped)} test(s) skipped", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
