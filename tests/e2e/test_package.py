"""scripts/package.sh: the Debian package of the test build's binary (MINECS_BUILD_DIR, so no second,
optimised build), its metadata and files, and the packaged minecs run from an extracted copy. Then
the README's quick start with the package, as written: `scripts/setup.sh`, and its `apt-get install`
of the .deb into this system, whose /usr/bin/minecs runs the seed workflow with the host's Docker;
the package is purged at the end. That part is skipped where a minecs package is installed already
(not this test's to replace) or apt-get cannot install (not root)."""
import os
import shutil
import subprocess
import tempfile
import unittest

import harness
from docker_env import TEST_IMAGE, remove_image, require_docker, tag_image
from harness import MinecsServer, ROOT
from quick_start import blocks, lines, project_version, run_seed_workflow, run_shell

PACKAGE_SH = os.path.join(ROOT, "scripts", "package.sh")


def installed_version(package):
    """The version of `package` dpkg has installed, or None."""
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", package],
                       capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout.startswith("install ok installed"):
        return None
    return r.stdout.split()[-1]


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
        cls.dist = env["MINECS_DIST_DIR"]
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
        server = MinecsServer("--no-docker", ephemeral=True, binary=binary).start()
        try:
            self.assertEqual(server.client().list_clusters()["clusterArns"], [])
            status, _, body = server.raw(None, b"", path="/health", method="GET")
            self.assertEqual((status, body), (200, {"status": "ok", "docker": "disabled"}))
        finally:
            server.cleanup()

    def test_quick_start_installs_the_package(self):
        """The README's package block as written, then the seed workflow against the installed
        /usr/bin/minecs (run by hand: no systemd runs here, so the postinst starts nothing)."""
        if installed_version("minecs") is not None or os.path.exists("/var/lib/minecs"):
            self.skipTest("a minecs package (or its /var/lib/minecs) is on this system already")
        if os.geteuid() != 0:
            self.skipTest("apt-get install needs root")
        require_docker()
        setup, package, install = lines(blocks()["apt-get install"])
        self.assertEqual((setup, package), ("scripts/setup.sh", "scripts/package.sh"))
        run_shell(setup)  # package.sh ran in setUpClass, of the test build
        self.assertTrue(install.startswith("sudo apt-get install ./dist/"), install)
        install = install.removeprefix("sudo ").replace("./dist/", self.dist + "/")
        self.addCleanup(self.purge)
        r = subprocess.run(["bash", "-c", install], cwd=ROOT, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        self.assertEqual(r.returncode, 0, f"{install}\n{r.stdout}\n{r.stderr}")
        self.assertEqual(installed_version("minecs"), project_version())
        self.assertEqual(shutil.which("minecs"), "/usr/bin/minecs")
        out = subprocess.run(["minecs", "--version"], check=True, capture_output=True, text=True)
        self.assertEqual(out.stdout, f"minecs {project_version()}\n")
        self.assertTrue(os.path.exists("/lib/systemd/system/minecs.service"))

        server = MinecsServer(binary="/usr/bin/minecs").start()
        demo = tag_image(TEST_IMAGE, f"minecs-package-{os.getpid()}-demo:latest")
        try:
            out = run_seed_workflow(server.endpoint, demo)
        finally:
            server.cleanup()
            remove_image(demo)
        self.assertRegex(out, r"demo/app/[0-9a-f]{32} hello from demo\n")

    def purge(self):
        subprocess.run(["apt-get", "purge", "-y", "-qq", "minecs"], capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=300,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        self.assertIsNone(installed_version("minecs"))
        self.assertFalse(os.path.exists("/usr/bin/minecs"))
        self.assertFalse(os.path.exists("/var/lib/minecs"))


if __name__ == "__main__":
    unittest.main()
