"""A writer process for the durability tests: records observations through the Store, one transaction each.

Usage: python store_worker.py DB STAFF_ID COUNT [--barrier]
Prints each observation id on its own line only after its transaction has
committed, so the parent knows exactly what must survive a SIGKILL. With
--barrier it prints "ready" and waits for a line on stdin before writing, so
two workers start writing at the same moment. COUNT 0 means write until killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from observations.store.observation_store import Store
from standards import load_library

RATINGS = ("not-evident", "developing", "secure", "exemplary")
STANDARDS = ("A2", "P4", "I2", "R3", "U5")


def main(argv: list[str]) -> int:
    db_path, staff_id, count = argv[0], argv[1], int(argv[2])
    library = load_library(Path(db_path).parent / "no-user-frameworks")
    store = Store.open(db_path, library)
    if "--barrier" in argv:
        print("ready", flush=True)
        sys.stdin.readline()
    number = 0
    while count == 0 or number < count:
        observation = store.record_observation(
            staff_id,
            STANDARDS[number % len(STANDARDS)],
            RATINGS[number % len(RATINGS)],
            evidence=f"worker note {number}: " + "seen in practice. " * (number % 40),
            examples=[1],
        )
        if number % 3 == 2:
            store.correct_observation(observation.id, rating=RATINGS[(number + 1) % 4], reason=f"correction {number}")
        print(observation.observation_id, flush=True)
        number += 1
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
