"""Compare pinned versions with installed ones and print the drift (`make test-latest` uses it).

Usage:
    python scripts/report_drift.py constraints.txt freeze.txt

Both files hold `name==version` lines (comments and other lines are ignored), as `pip freeze`
writes them. Prints one line per package whose version differs, and the packages only one side
has among those the course depends on directly. Always exits 0: drift is information, and the
tests that follow say whether it matters.
"""

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def read_pins(path: Path) -> dict[str, str]:
    """`{normalised name: version}` of the `name==version` lines of a requirements file."""
    pins = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def drift(pinned: dict[str, str], latest: dict[str, str]) -> list[str]:
    """Lines describing each package whose version changed, was added or was removed.

    Example:

    >>> drift({"keras": "3.15.1", "numpy": "2.4.6"}, {"keras": "3.16.0", "numpy": "2.4.6"})
    ['keras: 3.15.1 (pinned) -> 3.16.0 (latest)']
    """
    lines = []
    for name in sorted(pinned.keys() | latest.keys()):
        old, new = pinned.get(name), latest.get(name)
        if old == new:
            continue
        if old is None:
            lines.append(f"{name}: not pinned -> {new} (latest)")
        elif new is None:
            lines.append(f"{name}: {old} (pinned) -> not installed any more")
        else:
            lines.append(f"{name}: {old} (pinned) -> {new} (latest)")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines = drift(read_pins(Path(argv[0])), read_pins(Path(argv[1])))
    print(f"drift: {len(lines)} package(s) differ from {argv[0]}")
    for line in lines:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
