"""Running git: the environment (no replace refs, no grafts, no prompts), short commands, and
one long git process whose output is parsed while git still writes it; always waited for.

Git writes into a temporary file, which is read behind it with `pread`: a pipe alone
costs git ~40% more time than a file (many small writes, each waking the reader).
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
_CONFIG = (
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "diff.renames=true",
    "-c",
    "log.mailmap=false",
    "-c",
    "log.showRoot=true",
    "--no-replace-objects",
)


class GitError(Exception):
    """Git failed in a way a person can act on; the message is in Indonesian."""


def plain_ref(ref: str) -> str:
    """A branch or commit name, never something git would read as an option (`--output=…`)."""
    if not ref or ref.startswith("-") or not ref.isprintable():
        shown = ref if ref.isprintable() else repr(ref)[1:-1]
        raise GitError(f"'{shown}' bukan nama cabang atau commit")
    return ref


def run_git(root: Path, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None):
    """One short git command, always waited for; `GitError` when git itself is missing."""
    try:
        return subprocess.run(
            ["git", *_CONFIG, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env={**git_env(), **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("program git tidak ditemukan; pasang Git lalu ulangi") from None


def git_env() -> dict[str, str]:
    """No prompt, no locale, no optional locks, no replace refs, no grafts."""
    return {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_GRAFT_FILE": os.path.join(os.devnull, "tidak-ada"),  # a path that cannot exist: no grafts
        "GIT_NO_LAZY_FETCH": "1",
    }


class Stream:
    def __init__(self, root: Path, args: tuple[str, ...]):
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(
                ["git", *args], cwd=root, env=git_env(), stdin=subprocess.DEVNULL, stdout=self.out, stderr=self.err
            )
        except FileNotFoundError:
            self._close()
            raise GitError("program git tidak ditemukan; pasang Git lalu ulangi") from None
        self.returncode = 0
        self.stderr = ""

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.proc.kill()
        self.returncode = self.proc.wait()
        self.err.seek(0)
        self.stderr = self.err.read().decode("utf-8", "replace")
        self._close()

    def _close(self) -> None:
        self.out.close()
        self.err.close()

    def blocks(self) -> Iterator[bytes]:
        """The output as it grows, until git has exited and everything is read."""
        fd, offset = self.out.fileno(), 0
        if not hasattr(os, "pread"):  # Windows: read it all once git is done
            self.proc.wait()
            self.out.seek(0)
            yield self.out.read()
            return
        while True:
            block = os.pread(fd, 1 << 20, offset)
            if block:
                offset += len(block)
                yield block
            elif self.proc.poll() is not None:
                block = os.pread(fd, 1 << 30, offset)
                if not block:
                    return
                offset += len(block)
                yield block
            else:
                time.sleep(0.0005)

    def token_lists(self) -> Iterator[list[str]]:
        """The NUL-separated fields of the output, a list per block as it arrives."""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        tail = ""
        for block in self.blocks():
            parts = (tail + decoder.decode(block)).split("\0")
            tail = parts.pop()
            yield parts
        tail += decoder.decode(b"", final=True)
        yield [tail] if tail else []
