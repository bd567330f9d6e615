"""The README's quick start from source: `scripts/run.sh` installs what is missing (nothing, where the
test command ran scripts/setup.sh --test) and runs minecs in the foreground, as its own process
(exec), passing its arguments on. The script's build step is left out: MINECS_BIN names the test
build's binary, as an optimised build of its own would add minutes to the test command."""
import os
import unittest

import harness
from harness import MinecsServer, ROOT
from quick_start import blocks, lines

RUN_SH = os.path.join(ROOT, "scripts", "run.sh")


class RunScriptTest(unittest.TestCase):

    def test_runs_minecs_in_the_foreground(self):
        self.assertEqual(lines(blocks()["scripts/run.sh"]), ["scripts/run.sh"])
        # A port and data directory of its own, in place of the README's 4566 and .minecs-data/.
        server = MinecsServer("--no-docker", ephemeral=True, binary=RUN_SH,
                              env={"MINECS_BIN": harness.MINECS_BIN})
        server.start(timeout=60)
        try:
            # The script's process became minecs: a Ctrl-C or SIGTERM reaches minecs itself.
            self.assertEqual(os.readlink(f"/proc/{server.proc.pid}/exe"),
                             os.path.realpath(harness.MINECS_BIN))
            self.assertEqual(server.client().list_clusters()["clusterArns"], [])
            status, _, body = server.raw(None, b"", path="/health", method="GET")
            self.assertEqual((status, body), (200, {"status": "ok", "docker": "disabled"}))
        finally:
            self.assertEqual(server.stop(), 0)
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
