"""The README's Quick start, for the tests that run its commands as written (test_image: the
image; test_package: the package and scripts/run.sh): its shell blocks, run from the top of the
tree with AWS CLI v2, and the seed workflow against a given endpoint."""
import os
import re
import subprocess

import harness
from harness import ROOT

README = os.path.join(ROOT, "README.md")
DEFAULT_ENDPOINT = "http://127.0.0.1:4566"


def project_version():
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        return re.search(r"^project\(minecs VERSION ([0-9.]+)", f.read(), re.M).group(1)


def blocks():
    """The Quick start's shell blocks, by a command each holds: the image's, the package's, the
    source build's and the seed workflow's."""
    with open(README) as f:
        text = f.read()
    start = text.index("\n## Quick start\n")
    section = text[start:text.index("\n## ", start + 1)]
    found = re.findall(r"```sh\n(.*?)```", section, re.S)
    return {key: next(b for b in found if key in b)
            for key in ("scripts/image.sh", "apt-get install", "scripts/run.sh",
                        "make-test-image.sh")}


def lines(block):
    """A block's commands, one per line, with continued lines joined."""
    return block.replace("\\\n", "").strip().splitlines()


def run_shell(script, env=None, timeout=120):
    """bash -e of a README block from the top of the tree, AWS CLI v2 first on PATH."""
    full = dict(os.environ, **(env or {}))
    full["PATH"] = os.path.dirname(harness.AWS_CLI_V2) + os.pathsep + full.get("PATH", "")
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        full.pop(name, None)
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=full,
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise AssertionError(f"{script}\nfailed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def run_seed_workflow(endpoint, demo_image):
    """The seed workflow as the README gives it, against `endpoint` with `demo_image` for
    demo:latest (which may be another test's). The caller tags that image beforehand, so the
    README's make-test-image.sh finds it and returns at once. Returns what it printed: `aws logs
    tail`'s line ends it."""
    seed = blocks()["make-test-image.sh"]
    for old, new in ((DEFAULT_ENDPOINT, endpoint), ("demo:latest", demo_image)):
        if old not in seed:
            raise AssertionError(f"the README's seed workflow has no {old!r}")
        seed = seed.replace(old, new)
    return run_shell(seed)
