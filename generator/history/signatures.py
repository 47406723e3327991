"""Signed merges, checked offline by git itself against the office's trusted keys.

One `git log --no-walk` over the commits to check, with an allowed-signers file (SSH keys)
and a throw-away GnuPG home holding only the trusted OpenPGP keys (the keys Git hosts sign
web merges with); git, ssh-keygen and gpg decide whether each signature is good. Each key
belongs to an owner (a person id or a host), so the result says who signed.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.history.rules import TrustedKey
from generator.history.stream import git_env, run_git

GOOD = "G"
_GPG = ("gpg", "--batch", "--with-colons")
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
        ssh = [k for k in usable if k.kind == "ssh"]
        allowed.write_text("".join(f'{k.owner} namespaces="git" {k.key}\n' for k in ssh), encoding="utf-8")
        home = Path(folder) / "gnupg"
        owners = _gpg_home(home, [k for k in usable if k.kind == "gpg"])
        try:
            done = run_git(
                root,
                "-c",
                f"gpg.ssh.allowedSignersFile={allowed}",
                "-c",
                "gpg.ssh.revocationFile=" + os.devnull,
                "-c",
                "gpg.program=gpg",
                "log",
                "--no-walk=unsorted",
                "--format=%H%x00%G?%x00%GS%x00%GP%x00%GF%x00",
                "--stdin",
                stdin="".join(f"{sha}\n" for sha in shas).encode(),
                env={"GNUPGHOME": str(home)},
            )
        finally:
            _stop_agent(home)
    return _read(done.stdout.decode("utf-8", "replace"), {k.owner for k in ssh}, owners)


def _read(out: str, principals: set[str], fingerprints: dict[str, str]) -> dict[str, Signature]:
    found = {}
    fields = out.split("\0")
    for i in range(0, len(fields) - 4, 5):
        sha, status, signer, primary, key = (f.strip() for f in fields[i : i + 5])
        owner = signer if signer in principals else fingerprints.get(primary) or fingerprints.get(key, "")
        found[sha] = Signature(status or "E", owner)
    return found


def _gpg_home(home: Path, keys: list[TrustedKey]) -> dict[str, str]:
    """A GnuPG home with exactly these keys, each trusted; fingerprint -> owner."""
    home.mkdir(mode=0o700)
    (home / "gpg.conf").write_text("trust-model always\nno-autostart\n", encoding="utf-8")
    owners: dict[str, str] = {}
    for key in keys:
        try:
            done = subprocess.run(
                [*_GPG, "--homedir", str(home), "--import-options", "import-show", "--import"],
                input=key.key.encode(),
                capture_output=True,
                env=git_env(),
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue  # no gpg: the signature is reported as not checkable
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("fpr:"):
                owners[line.split(":")[9]] = key.owner
    return owners


def _stop_agent(home: Path) -> None:
    if not (home / "pubring.kbx").exists():
        return
    try:
        subprocess.run(
            ["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        pass
