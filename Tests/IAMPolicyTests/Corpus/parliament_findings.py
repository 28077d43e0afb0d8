"""Runs PyPI's parliament (pinned in scripts/install-deps) over every *.json policy in this
directory and prints one JSON object: file name -> [parliament issue codes]. A policy parliament
cannot read (it raises on some malformed documents) gets ["PARLIAMENT_CANNOT_READ"].
Used by Tests/IAMPolicyTests/Check/PolicyCorpusTests.swift."""
import json
import os
import sys

from parliament import analyze_policy_string

directory = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
result = {}
for name in sorted(os.listdir(directory)):
    if not name.endswith(".json"):
        continue
    with open(os.path.join(directory, name), encoding="utf-8") as source:
        text = source.read()
    try:
        policy = analyze_policy_string(text, filepath=name)
        result[name] = sorted({finding.issue for finding in policy.findings})
    except Exception:  # parliament raises on documents it cannot parse
        result[name] = ["PARLIAMENT_CANNOT_READ"]
print(json.dumps(result, indent=1, sort_keys=True))
