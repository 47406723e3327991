"""decap-server, the form's Git backend in local mode (`jejak ubah`), as a process: found where
`npm ci` put it, started on the form's worktree (worktree.py) with a person's Git identity, on
a private port of 127.0.0.1. generator/portal/editor_server.py puts a guard in front of it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.history.stream import GitError
from generator.history.worktree import FormWorktree

DECAP_SERVER = Path("node_modules/decap-server/dist/index.js")
CHECKOUT = Path(__file__).resolve().parents[2]


def log_file(tree: FormWorktree) -> Path:
    """decap-server's own log (English), beside the worktree in the git folder."""
    return tree.path.with_name(tree.path.name + ".log")


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    def env(self) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
        }


def decap_server(root: Path) -> Path | None:
    """decap-server as `npm ci` installed it: in the repository, else in the checkout of Jejak."""
    for base in (root, CHECKOUT):
        if (base / DECAP_SERVER).is_file():
            return base / DECAP_SERVER
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_decap(tree: FormWorktree, who: Identity, script: Path, log: IO[bytes]) -> tuple[subprocess.Popen, int]:
    """decap-server in git mode on the form's worktree, on a private loopback port, once it answers.
    It runs from the git folder, not the worktree: decap-server reads a `.env` file where it starts."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tree.path.parent)),
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(tree.path),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "info",
        "GIT_TERMINAL_PROMPT": "0",
        **who.env(),
    }
    process = subprocess.Popen(["node", str(script)], cwd=tree.path.parent, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise GitError("decap-server berhenti saat dimulai")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.1)
    process.terminate()
    raise GitError("decap-server tidak menjawab dalam 60 detik")
