#!/usr/bin/env python3
"""Each torch op's own (self) time per training step, from a trace written with
-Dvectorrecall.torchProfile=FILE (one epoch). Usage: torch_profile_summary.py FILE [STEPS]
STEPS defaults to the number of aten::max calls (one a step: the default softmax's row maximum)."""
import collections
import json
import sys

trace = json.load(open(sys.argv[1]))
events = trace['traceEvents'] if isinstance(trace, dict) else trace
events = [e for e in events if e.get('ph') == 'X' and 'dur' in e]
events.sort(key=lambda e: (e.get('tid'), e['ts'], -e['dur']))
own = collections.Counter()
calls = collections.Counter()
stack = []
top = 0.0
for e in events:
    while stack and stack[-1]['ts'] + stack[-1]['dur'] <= e['ts']:
        stack.pop()
    if stack:
        own[stack[-1]['name']] -= e['dur']
    else:
        top += e['dur']
    own[e['name']] += e['dur']
    calls[e['name']] += 1
    stack.append(e)
steps = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, calls['aten::max'])
print('steps %d, torch time %.2f ms a step, %.0f calls a step' % (
    steps, top / 1000 / steps, sum(calls.values()) / steps))
for name, t in own.most_common(15):
    print('%8.3f ms  %6.1f calls  %s' % (t / 1000 / steps, calls[name] / steps, name))
