"""scripts/package.sh: the Debian package of the test build's binary (MINECS_BUILD_DIR, so no second,
optimised build), its metadata and files, and the packaged minecs run from an extracted copy. The
package is never installed into this system."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness
from harness import MinecsServer, ROOT

PACKAGE_SH = os.path.join(ROOT, "scripts", "package.sh")


def project_version():
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        return re.search(r"^project\(minecs VERSION ([0-9.]+)", f.read(), re.M).group(1)


@unittest.skipUnless(shutil.which("dpkg-deb") and shutil.which("dpkg-shlibdeps"),
                     "needs dpkg-deb and dpkg-shlibdeps (dpkg-dev)")
class PackageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minecs-package-")
        env = dict(os.environ, MINECS_BUILD_DIR=os.path.dirname(harness.MINECS_BIN),
                   MINECS_DIST_DIR=os.path.join(cls.tmp, "dist"),
                   # xz of the sanitized test binary took three minutes of the CI run.
                   MINECS_DEB_COMPRESSION="none")
        r = subprocess.run([PACKAGE_SH], env=env, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise AssertionError(f"package.sh failed: {r.stderr}")
        cls.deb = r.stdout.strip().splitlines()[-1]
        cls.root = os.path.join(cls.tmp, "root")
        subprocess.run(["dpkg-deb", "-x", cls.deb, cls.root], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        return subprocess.run(["dpkg-deb", "--field", self.deb, name], check=True,
                              capture_output=True, text=True).stdout.strip()

    def test_name_version_and_dependencies(self):
        version = project_version()
        self.assertEqual(os.path.basename(self.deb), f"minecs_{version}_amd64.deb")
        self.assertEqual(self.field("Package"), "minecs")
        self.assertEqual(self.field("Version"), version)
        depends = [d.strip().split(" ")[0] for d in self.field("Depends").split(",")]
        for lib in ("libsqlite3-0", "libfmt9", "libstdc++6", "libc6", "iptables", "iproute2"):
            self.assertIn(lib, depends)
        self.assertTrue(any(d.startswith("libspdlog1.10") for d in depends), depends)
        self.assertIn("docker.io", self.field("Recommends"))
        info = subprocess.run(["dpkg-deb", "--info", self.deb], check=True, capture_output=True,
                              text=True).stdout
        for script in ("postinst", "prerm", "postrm"):
            self.assertIn(script, info)

    def test_files_and_the_unit(self):
        contents = subprocess.run(["dpkg-deb", "--contents", self.deb], check=True,
                                  capture_output=True, text=True).stdout
        paths = {line.split()[-1] for line in contents.splitlines()}
        for path in ("./usr/bin/minecs", "./usr/bin/minecs-holder",
                     "./lib/systemd/system/minecs.service", "./usr/share/doc/minecs/copyright"):
            self.assertIn(path, paths)
        self.assertRegex(contents, r"-rwxr-xr-x root/root .* \./usr/bin/minecs\n")
        with open(os.path.join(self.root, "lib/systemd/system/minecs.service")) as f:
            unit = f.read()
        self.assertIn("ExecStart=/usr/bin/minecs --data-dir /var/lib/minecs\n", unit)
        self.assertIn("StateDirectory=minecs\n", unit)
        self.assertRegex(unit, r"\nAfter=.*docker\.service")
        self.assertRegex(unit, r"\nWants=.*docker\.service")
        with open(os.path.join(self.root, "usr/share/doc/minecs/copyright")) as f:
            self.assertIn("License: Apache-2.0", f.read())

    def test_the_packaged_minecs_runs(self):
        binary = os.path.join(self.root, "usr/bin/minecs")
        out = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True)
        self.assertEqual(out.stdout, f"minecs {project_version()}\n")
        saved = harness.MINECS_BIN
        harness.MINECS_BIN = binary
        try:
            server = MinecsServer("--no-docker", ephemeral=True).start()
        finally:
            harness.MINECS_BIN = saved
        try:
            self.assertEqual(server.client().list_clusters()["clusterArns"], [])
            status, _, body = server.raw(None, b"", path="/health", method="GET")
            self.assertEqual((status, body), (200, {"status": "ok", "docker": "disabled"}))
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
