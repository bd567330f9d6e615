"""AWS CLI v2 (Debian's awscli, /usr/bin/aws) for the e2e tests, its commands run one after the
other in one long-lived process of the CLI's own Python: each command is the CLI's driver
(awscli.clidriver, what /usr/bin/aws calls) made afresh and run on its arguments and environment,
so parsing, signing, the Query/JSON serialisers, waiters and output are the CLI's. What is shared
is the start-up: a process per command cost about 1.3 CPU-seconds (the interpreter, botocore's
imports, the CRT), 119 CPU-s of a CI run on two cores, and a command in the running process a few
hundredths of that. Tests of what only a new process shows (the environment it starts with, the
shell) run /usr/bin/aws themselves.

Run as a program, this file is that process: a JSON request per line on stdin ({"args", "env"}),
a JSON answer per line ({"returncode", "stdout", "stderr"}) on a pipe of its own, whose descriptor
it is given, as the CLI and the CRT may write to 1 and 2 themselves."""
import atexit
import contextlib
import io
import json
import os
import select
import subprocess
import sys
import threading


class CliResult:
    """What subprocess.run gives, for the callers that read it."""

    def __init__(self, args, returncode, stdout, stderr):
        self.args, self.returncode, self.stdout, self.stderr = args, returncode, stdout, stderr


class AwsCli:
    """The long-lived CLI process of one test process, started on first use, started again when
    a command outlives its timeout or the process dies."""

    def __init__(self, executable):
        self.executable = executable
        self.proc = None
        self.responses = None
        self.lock = threading.Lock()
        atexit.register(self._close)

    def _interpreter(self):
        with open(self.executable) as f:
            first = f.readline()
        if not first.startswith("#!"):
            raise RuntimeError(f"{self.executable} is not a Python script")
        return first[2:].strip().split()

    def _start(self):
        read_end, write_end = os.pipe()
        os.set_inheritable(write_end, True)
        self.proc = subprocess.Popen(
            [*self._interpreter(), os.path.abspath(__file__), str(write_end)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(write_end,), text=True)
        os.close(write_end)
        self.responses = os.fdopen(read_end, "r")

    def _close(self):
        """At the test process's end: the end of stdin ends the CLI process's loop."""
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def _stop(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdin.close()
            self.responses.close()
        self.proc = None

    def run(self, args, env, timeout=120):
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._stop()
                self._start()
            try:
                self.proc.stdin.write(json.dumps({"args": list(args), "env": env}) + "\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                self._stop()
                raise RuntimeError("the AWS CLI process ended")
            ready, _, _ = select.select([self.responses], [], [], timeout)
            line = self.responses.readline() if ready else ""
            if not line:
                self._stop()
                raise subprocess.TimeoutExpired(["aws", *args], timeout)
            answer = json.loads(line)
            return CliResult(["aws", *args], answer["returncode"], answer["stdout"],
                             answer["stderr"])


def _serve(response_fd):
    """The CLI process: one command per request line, until stdin ends."""
    before = dict(os.environ)
    import awscli.clidriver  # the CLI's interpreter has it; the tests' may not

    # What the CLI's import put into the environment (AWS_DATA_PATH, where its data files are)
    # stays under every command's own.
    own = {k: v for k, v in os.environ.items() if before.get(k) != v}
    responses = os.fdopen(response_fd, "w")
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(own)
        os.environ.update(request["env"])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = awscli.clidriver.create_clidriver().main(request["args"])
            except SystemExit as e:  # argparse's usage errors end the CLI this way
                code = e.code if isinstance(e.code, int) else 1
        responses.write(json.dumps({"returncode": code, "stdout": out.getvalue(),
                                    "stderr": err.getvalue()}) + "\n")
        responses.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
