"""Signed merges, checked offline by git itself against the office's trusted SSH keys.

One `git log --no-walk` over the commits to check, with an allowed-signers file written from
the office record; git and ssh-keygen decide whether each signature is good. The principal
of each key is its owner, so the result says who signed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.history.log import run_git
from generator.history.rules import TrustedKey

GOOD = "G"
_PRINCIPAL = re.compile(r"[A-Za-z0-9._@+-]{1,100}\Z")


@dataclass(frozen=True)
class Signature:
    status: str  # git's %G?: G good, B bad, U unknown validity, N none, E cannot check, …
    signer: str  # the owner of the key that made a good signature, else ""

    @property
    def good(self) -> bool:
        return self.status == GOOD and bool(self.signer)


def verify(root: Path, shas: Iterable[str], keys: tuple[TrustedKey, ...]) -> dict[str, Signature]:
    """sha -> its signature as checked against exactly `keys`."""
    shas = list(dict.fromkeys(shas))
    usable = [k for k in keys if _PRINCIPAL.match(k.owner)]
    if not shas or not usable:
        return {}
    with tempfile.TemporaryDirectory(prefix="jejak-kunci-") as folder:
        allowed = Path(folder) / "allowed_signers"
        allowed.write_text("".join(f'{k.owner} namespaces="git" {k.key}\n' for k in usable), encoding="utf-8")
        done = run_git(
            root,
            "-c",
            f"gpg.ssh.allowedSignersFile={allowed}",
            "-c",
            "gpg.ssh.revocationFile=" + os.devnull,
            "log",
            "--no-walk=unsorted",
            "--format=%H%x00%G?%x00%GS%x00",
            "--stdin",
            stdin="".join(f"{sha}\n" for sha in shas).encode(),
        )
    found = {}
    fields = done.stdout.decode("utf-8", "replace").split("\0")
    owners = {k.owner for k in usable}
    for i in range(0, len(fields) - 2, 3):
        sha, status, signer = fields[i].strip(), fields[i + 1].strip(), fields[i + 2].strip()
        found[sha] = Signature(status or "E", signer if signer in owners else "")
    return found
