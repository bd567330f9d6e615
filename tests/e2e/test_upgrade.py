"""A data directory written by an earlier release opens in this one and serves the same resources.

The fixtures under tests/store/fixtures/ were made by that release's binary
(make_release_fixture.py); their answers were recorded by the same release. This binary opens a
copy without Docker (so that nothing moves on), must migrate it, and answer every recorded call
exactly as the release did.
"""
import glob
import json
import os
import shutil
import tempfile
import unittest

from harness import MinecsServer
from release_answers import record_answers

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "store",
                        "fixtures")


STEADY = "has reached a steady state."


def recorded_at(answers):
    """The newest event time in the recorded answers: when the release recorded them."""
    return max((e["createdAt"] for a in answers.values() for s in a.get("services", [])
                for e in s.get("events", [])), default=0)


def without_later_steady_state_events(answers, since):
    """As on AWS, a steady service says so again every six hours, so a fixture recorded longer ago
    than that gains "has reached a steady state." events when this release opens it. Those, and only
    those, are dropped before the comparison; any other new event still fails it."""
    out = json.loads(json.dumps(answers))
    for answer in out.values():
        for service in answer.get("services", []):
            service["events"] = [e for e in service.get("events", [])
                                 if not (e["createdAt"] > since and e["message"].endswith(STEADY))]
    return out


class UpgradeTest(unittest.TestCase):
    def test_release_data_directories_serve_the_same_answers(self):
        fixtures = sorted(glob.glob(os.path.join(FIXTURES, "*.db")))
        self.assertTrue(fixtures, "no release fixture found in " + FIXTURES)
        for db in fixtures:
            with self.subTest(fixture=os.path.basename(db)):
                with open(db[: -len(".db")] + ".answers.json") as f:
                    expected = json.load(f)
                data_dir = tempfile.mkdtemp(prefix="minecs-upgrade-")
                shutil.copy(db, os.path.join(data_dir, "minecs.db"))
                server = MinecsServer("--no-docker=true", data_dir=data_dir).start()
                self.addCleanup(server.cleanup)
                answers = record_answers(server)
                self.assertEqual(sorted(answers), sorted(expected))
                answers_now = answers
                answers = without_later_steady_state_events(answers, recorded_at(expected))
                for call, answer in expected.items():
                    self.assertEqual(answers[call], answer, call)
                # Still there after a restart of this release: what it wrote back reads back.
                server.stop()
                server.start()
                self.assertEqual(record_answers(server), answers_now)


if __name__ == "__main__":
    unittest.main()
