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
                for call, answer in expected.items():
                    self.assertEqual(answers[call], answer, call)
                # Still there after a restart of this release: what it wrote back reads back.
                server.stop()
                server.start()
                self.assertEqual(record_answers(server), answers)


if __name__ == "__main__":
    unittest.main()
