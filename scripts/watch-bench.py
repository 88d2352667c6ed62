#!/usr/bin/env python3
"""Benchmarks of the `watch --listen` daemon (docs/benchmarks.md, "Webhook daemon").

    python3 scripts/watch-bench.py latency  --binary .build/release/phoenix-gitops [--runs 20]
    python3 scripts/watch-bench.py idle-rss --binary .build/release/phoenix-gitops [--cycles 1000]

Both build the same world in a temporary folder (removed afterwards): the bundled example in a bare
repository made by `phoenix-gitops init` (with its hooks: pre-receive validates, post-receive posts the
signed webhook), served by `git daemon` on 127.0.0.1, a shared secret, and a local target seeded with a CA
root made by `openssl req -x509` so every stage of the example applies. Only loopback addresses are used;
every child is stopped by its PID at the end.

latency:  the watcher polls every hour, so only the webhook causes runs. Each of --runs iterations renames
          one LXC (one key: /lxc_configs/241/name) in a clone, commits, and times from the start of
          `git push` until the DNS record of the new name is in <target>/etc/dnsmasq.d/00-phoenix-internal.conf
          (polled every 2 ms), and until the run is recorded in state.json. The next push waits for that.
idle-rss: the watcher polls every --interval (10ms) with nothing new. VmRSS (/proc/<pid>/status) is read
          after the first idle poll and then at checkpoints; the number of polls is read from /metrics
          (phoenix_fetches_total).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

DOMAIN = "lab.phoenix.test"
CA_ROOT = "mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt"
RECORDS = "etc/dnsmasq.d/00-phoenix-internal.conf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(condition, timeout, what, step=0.002):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise SystemExit(f"timed out after {timeout} s waiting for {what}")


def git_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="bench",
               GIT_AUTHOR_EMAIL="bench@example.invalid", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.invalid", LC_ALL="C")
    return env


def git(*args, cwd=None, capture=True):
    return subprocess.run(["git", *args], cwd=cwd, env=git_env(), check=True, text=True,
                          capture_output=capture).stdout


class World:
    def __init__(self, binary, interval, listen=True):
        self.binary = os.path.abspath(binary)
        self.root = tempfile.mkdtemp(prefix="phoenix-watch-bench-")
        self.children = []
        self.remote = os.path.join(self.root, "config.git")
        self.state = os.path.join(self.root, "state")
        subprocess.run([self.binary, "init", self.remote], cwd=self.root, check=True, capture_output=True)
        self.secret = secrets.token_hex(32)
        self.secret_file = os.path.join(self.root, "webhook.secret")
        with open(os.open(self.secret_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(self.secret + "\n")
        ca = os.path.join(self.state, "target", CA_ROOT)
        os.makedirs(os.path.dirname(ca))
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=bench root", "-keyout",
                        os.path.join(self.root, "ca.key"), "-out", ca], check=True, capture_output=True)
        self.settings = os.path.join(self.root, "settings.json")
        with open(self.settings, "w") as f:
            json.dump({"retry_base_seconds": 3600, "retry_max_seconds": 3600}, f)
        self.git_port = free_port()
        self.start([ "git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
                     f"--base-path={self.root}", "--listen=127.0.0.1", f"--port={self.git_port}"],
                   "git-daemon.log", env=git_env())
        self.url = f"git://127.0.0.1:{self.git_port}/config.git"
        wait(self.git_up, 10, "git daemon", step=0.05)
        self.http_port = free_port()
        argv = [self.binary, "watch", "--interval", interval, "--repo", self.url, "--state-dir", self.state,
                "--settings", self.settings]
        if listen:
            argv += ["--listen", f"127.0.0.1:{self.http_port}"]
        env = dict(os.environ, PHOENIX_WEBHOOK_SECRET=self.secret, GIT_CONFIG_NOSYSTEM="1",
                   GIT_CONFIG_GLOBAL="/dev/null")
        self.watcher = self.start(argv, "watch.log", env=env)
        self.initial = git("rev-parse", "main", cwd=self.remote).strip()
        wait(lambda: self.last_target() == self.initial, 120, "the start-up run", step=0.05)

    def start(self, argv, log, env):
        handle = open(os.path.join(self.root, log), "ab")
        child = subprocess.Popen(argv, cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=handle,
                                 stderr=handle, start_new_session=True)
        self.children.append(child)
        return child

    def git_up(self):
        try:
            with socket.create_connection(("127.0.0.1", self.git_port), timeout=0.2):
                return True
        except OSError:
            return False

    def last_target(self):
        try:
            with open(os.path.join(self.state, "state.json")) as f:
                state = json.load(f)
        except (OSError, ValueError):
            return None
        if state.get("in_progress"):
            return None
        return state.get("last_target")

    def metric(self, series):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=5) as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith(series + " "):
                    return float(line.split(" ")[1])
        return None

    def rss_kib(self, field="VmRSS"):
        with open(f"/proc/{self.watcher.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return None

    def close(self):
        exit_codes = []
        for child in reversed(self.children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
            exit_codes.append(child.returncode)
        shutil.rmtree(self.root, ignore_errors=True)
        return exit_codes


def latency(args):
    world = World(args.binary, "1h")
    try:
        if args.no_pre_receive:
            os.remove(os.path.join(world.remote, "hooks", "pre-receive"))
        git("config", "phoenix.webhookURL", f"http://127.0.0.1:{world.http_port}/hooks/generic", cwd=world.remote)
        git("config", "phoenix.webhookSecretFile", world.secret_file, cwd=world.remote)
        work = os.path.join(world.root, "work")
        git("clone", "-q", world.url, work)
        lxc_file = os.path.join(work, "config", "phoenix_lxc_configs.json")
        records = os.path.join(world.state, "target", RECORDS)
        pushes, applied, recorded, stages = [], [], [], None
        name = "embed-api"
        for run in range(1, args.runs + 1):
            new_name = f"embed-api-{run}"
            with open(lxc_file) as f:
                text = f.read()
            changed = text.replace(f'"name": "{name}"', f'"name": "{new_name}"', 1)
            assert changed != text
            with open(lxc_file, "w") as f:
                f.write(changed)
            name = new_name
            git("commit", "-q", "-am", f"rename 241 to {new_name}", cwd=work)
            sha = git("rev-parse", "HEAD", cwd=work).strip()
            record = f"address=/{new_name}.{DOMAIN}/"

            def has_record():
                try:
                    with open(records) as f:
                        return record in f.read()
                except OSError:
                    return False

            errors = tempfile.TemporaryFile(mode="w+")
            start = time.monotonic()
            push = subprocess.Popen(["git", "push", "-q", "origin", "main"], cwd=work, env=git_env(),
                                    stdout=subprocess.DEVNULL, stderr=errors, text=True)
            t_applied = t_push = None
            deadline = start + 60
            while (t_applied is None or t_push is None) and time.monotonic() < deadline:
                if t_push is None and push.poll() is not None:
                    t_push = time.monotonic()
                if t_applied is None and has_record():
                    t_applied = time.monotonic()
                time.sleep(0.002)
            if t_applied is None or t_push is None:
                raise SystemExit(f"push {run}: timed out (push returned: {t_push is not None})")
            errors.seek(0)
            output = errors.read()
            if push.returncode != 0 or " started" not in output and " queued" not in output:
                raise SystemExit(f"push {run} failed or the hook reported no run: {output}")
            wait(lambda: world.last_target() == sha, 60, f"run {run} recorded")
            t_recorded = time.monotonic()
            pushes.append(t_push - start)
            applied.append(t_applied - start)
            recorded.append(t_recorded - start)
            if stages is None:
                with open(os.path.join(world.state, "state.json")) as f:
                    state = json.load(f)
                stages = sorted(s["stage"] for s in state["stages"]
                                if (s.get("last_result") or {}).get("commit") == sha
                                and s["last_result"]["result"] == "succeeded")
            print(f"run {run:2d}: push returned {pushes[-1]:.3f} s, record present {applied[-1]:.3f} s, "
                  f"run recorded {recorded[-1]:.3f} s", flush=True)
        print(f"stages applied per push: {', '.join(stages or [])}")
        for label, values in (("git push returned (incl. the hooks)", pushes),
                              ("push start -> DNS record present", applied),
                              ("push start -> run recorded in state.json", recorded)):
            ordered = sorted(values)
            print(f"{label}: median {statistics.median(values):.3f} s, min {ordered[0]:.3f}, "
                  f"p90 {ordered[int(0.9 * (len(ordered) - 1))]:.3f}, max {ordered[-1]:.3f} (n={len(values)})")
    finally:
        codes = world.close()
        print(f"exit statuses (watcher, git daemon): {codes}")


def idle_rss(args):
    world = World(args.binary, args.interval)
    try:
        series = 'phoenix_fetches_total{result="success"}'
        start_fetches = wait(lambda: (world.metric(series) or 0) >= 2 and world.metric(series), 60,
                             "the first idle poll", step=0.01)
        base = world.rss_kib()
        print(f"after poll {int(start_fetches)}: VmRSS {base} KiB", flush=True)
        checkpoints = sorted({c for c in (10, 50, 100, 250, 500, 750, args.cycles) if c <= args.cycles})
        rows = []
        began = time.monotonic()
        for checkpoint in checkpoints:
            target = start_fetches + checkpoint
            count = wait(lambda: (world.metric(series) or 0) >= target and world.metric(series), 1800,
                         f"{checkpoint} idle polls", step=0.01)
            rss = world.rss_kib()
            rows.append((checkpoint, count, rss))
            print(f"+{checkpoint} polls ({int(count)} fetches, {time.monotonic() - began:.1f} s): VmRSS {rss} KiB "
                  f"({rss - base:+d} KiB)", flush=True)
        failures = world.metric('phoenix_fetches_total{result="failure"}')
        runs_skipped = world.metric('phoenix_runs_total{result="skipped"}')
        last = rows[-1]
        print(f"VmHWM {world.rss_kib('VmHWM')} KiB; fetch failures {failures}; idle runs {runs_skipped}")
        print(f"growth over {last[0]} polls: {last[2] - base:+d} KiB = {1024 * (last[2] - base) / last[0]:+.1f} bytes/poll")
        if len(rows) >= 3:
            mid = rows[len(rows) // 2]
            print(f"second half only ({mid[0]}..{last[0]}): "
                  f"{1024 * (last[2] - mid[2]) / (last[0] - mid[0]):+.1f} bytes/poll")
    finally:
        codes = world.close()
        print(f"exit statuses (watcher, git daemon): {codes}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["latency", "idle-rss"])
    parser.add_argument("--binary", default=".build/release/phoenix-gitops")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--interval", default="10ms")
    parser.add_argument("--no-pre-receive", action="store_true",
                        help="latency: remove the validating pre-receive hook (to see its share of the push)")
    args = parser.parse_args()
    if args.mode == "latency":
        latency(args)
    else:
        idle_rss(args)


if __name__ == "__main__":
    sys.exit(main())
