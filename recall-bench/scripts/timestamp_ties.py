#!/usr/bin/env python3
"""How often a MovieLens 100K user's consecutive interactions share a timestamp. EVAL.md sorts
each user's interactions by (timestamp, item id), so within a tie the order, and with it which
item is the test item and which the validation item, is by item id rather than by time.

    python3 recall-bench/scripts/timestamp_ties.py ../shared/data/ml-100k
"""
import collections
import os
import sys


def main():
    users = collections.defaultdict(list)
    for line in open(os.path.join(sys.argv[1], "u.data"), encoding="latin-1"):
        if line.strip():
            user, item, _, stamp = line.split("\t")
            users[user].append((int(stamp), int(item)))
    pairs = tied = evaluated = last_tied = 0
    for events in users.values():
        events = sorted(set(events))
        pairs += len(events) - 1
        tied += sum(a[0] == b[0] for a, b in zip(events, events[1:]))
        if len(events) >= 3:
            evaluated += 1
            last_tied += events[-1][0] == events[-2][0]
    print(f"consecutive interactions sharing a timestamp: {tied:,} of {pairs:,} ({tied / pairs:.1%})")
    print(f"users whose test item shares the validation item's timestamp: {last_tied:,} of"
          f" {evaluated:,} ({last_tied / evaluated:.1%})")


if __name__ == "__main__":
    main()
