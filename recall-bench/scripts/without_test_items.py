#!/usr/bin/env python3
"""Writes a copy of a MovieLens 100K directory without each user's test interaction (EVAL.md's
split: the last by (timestamp, item id), for users with at least 3), so that `evaluate` on the copy
tests on the original's validation items and validates on the item before them. A choice made on
the copy's test figures (one the trainer's own validation cannot measure, such as how to refit on
train + validation) never reads the original's test items. The output goes where you say, never
into the project (the GroupLens licence forbids redistributing the data).

    python3 recall-bench/scripts/without_test_items.py ../shared/data/ml-100k /tmp/ml100k-without-test
"""
import os
import shutil
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    rows = [line.split("\t") for line in
            open(os.path.join(src, "u.data"), encoding="latin-1").read().splitlines() if line]
    by_user = {}
    for row in rows:
        by_user.setdefault(row[0], []).append(row)
    dropped = set()
    for user, events in by_user.items():
        earliest = {}
        for u, i, r, t in events:  # duplicate (user, item) pairs keep the earliest
            if i not in earliest or int(t) < int(earliest[i][3]):
                earliest[i] = (u, i, r, t)
        kept = sorted(earliest.values(), key=lambda e: (int(e[3]), int(e[1])))
        if len(kept) >= 3:
            dropped.add((user, kept[-1][1]))
    with open(os.path.join(dst, "u.data"), "w", encoding="latin-1") as f:
        f.writelines("\t".join(row) + "\n" for row in rows if (row[0], row[1]) not in dropped)
    for name in ("u.item", "u.user", "u.genre", "u.occupation"):
        if os.path.exists(os.path.join(src, name)):
            shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
    print(f"{len(rows)} interactions, {len(dropped)} test interactions dropped, written to {dst}")


if __name__ == "__main__":
    main()
