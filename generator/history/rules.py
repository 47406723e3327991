"""Who could approve at a given point of history: the office record and SOPs of a commit's parent.

Each landing on main is judged against the rules as they stood just before it, so no later
edit of `records/kantor.yaml` approves the past. Versions from history were never
validated: every value is read defensively, and a version that cannot be read approves nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.history.log import OFFICE, SOPS, History
from generator.records.load import LoadError, load_text
from generator.records.model import Office, Sop

_SHA = re.compile(r"[0-9a-f]{7,64}\Z")
GPG_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
SSH_KEY = re.compile(
    r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+\Z"
)


@dataclass(frozen=True)
class TrustedKey:
    owner: str  # a person id of the office record, or the name of a host identity
    key: str  # an SSH public key `ssh-ed25519 AAAA…`, or an armored OpenPGP public key
    kind: str = "ssh"  # ssh | gpg


@dataclass(frozen=True)
class Host:
    name: str
    email: str


@dataclass(frozen=True)
class Rules:
    """The office record's `jejak_audit` block, and the office and SOPs of one point of history."""

    office: Office | None
    sops: Mapping[str, Sop]
    start: str | None = None  # the commit where the audit starts
    hosts: tuple[Host, ...] = ()  # identities a Git host commits web merges with
    keys: tuple[TrustedKey, ...] = ()  # when any: an approval must be signed by one of them
    in_person: bool = False  # approval steps must be merged by the step's own role
    broken: str | None = None  # why the office record of this point could not be read
    editor: str = "null"  # the `penyunting` block (where the form editor sends staff's Git tokens), as JSON

    def host(self, email: str) -> Host | None:
        return next((h for h in self.hosts if h.email.lower() == email.lower()), None)


def read_block(data: Any) -> dict[str, Any]:
    """The `jejak_audit` block of an office record's data, with every value checked."""
    block = data.get("jejak_audit") if isinstance(data, dict) else None
    block = block if isinstance(block, dict) else {}
    start = block.get("mulai")
    hosts = tuple(
        Host(str(h["nama"]), str(h["surel"]))
        for h in _list(block.get("penggabung_host"))
        if isinstance(h, dict) and isinstance(h.get("nama"), str) and isinstance(h.get("surel"), str)
    )
    keys = tuple(key for k in _list(block.get("kunci_tepercaya")) if (key := _key(k)))
    return {
        "start": start.lower() if isinstance(start, str) and _SHA.match(start.lower()) else None,
        "hosts": hosts,
        "keys": keys,
        "in_person": block.get("langkah_persetujuan_oleh_pelaku") is True,
        "editor": editor_block(data),
    }


def editor_block(data: Any) -> str:
    """The office record's `penyunting` block as canonical JSON: any change to it is a notice."""
    block = data.get("penyunting") if isinstance(data, dict) else None
    return json.dumps(block, sort_keys=True, ensure_ascii=False, default=str)


def _key(item: Any) -> TrustedKey | None:
    """One `{pemilik, ssh}` or `{pemilik, gpg}` entry, when its key has the right shape."""
    if not isinstance(item, dict) or not isinstance(item.get("pemilik"), str):
        return None
    ssh, gpg = item.get("ssh"), item.get("gpg")
    if isinstance(ssh, str) and SSH_KEY.match(" ".join(ssh.split()[:2])):
        return TrustedKey(item["pemilik"], " ".join(ssh.split()[:2]))
    if isinstance(gpg, str) and gpg.strip().startswith(GPG_KEY) and len(gpg) < 50_000:
        return TrustedKey(item["pemilik"], gpg.strip() + "\n", "gpg")
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class RuleBook:
    """Rules per point of history, each distinct version of the office record parsed once."""

    def __init__(self, history: History, current: Rules):
        self.history = history
        self.current = current
        self._cache: dict[tuple[object, ...], Rules] = {}
        self._by_snapshot: dict[int, Rules] = {}  # consecutive commits share one snapshot object

    def before(self, sha: str) -> Rules:
        blobs = self.history.before.get(sha)
        if blobs is None:  # not read from history (a pure test): today's rules
            return self.current
        found = self._by_snapshot.get(id(blobs))
        if found is None:
            key = tuple(sorted(blobs.items()))  # type: ignore[arg-type]
            if key not in self._cache:
                self._cache[key] = self._parse(blobs)
            found = self._by_snapshot[id(blobs)] = self._cache[key]
        return found

    def office_rules(self, blob: str | None) -> Rules:
        """The rules of one version of the office record alone (SOPs of today)."""
        key = ("kantor", blob or "")
        if key not in self._cache:
            self._cache[key] = replace(self._parse({OFFICE: blob} if blob else {}), sops=self.current.sops)
        return self._cache[key]

    def _parse(self, blobs: Mapping[str, str]) -> Rules:
        sops = {}
        for path, blob in blobs.items():
            if path.startswith(SOPS) and (sop := _sop(self.history.text(blob), path)):
                sops[sop.id] = sop
        text = self.history.text(blobs.get(OFFICE))
        if text is None:
            return Rules(None, sops, broken=f"{OFFICE} belum ada atau tidak dapat dibaca pada titik riwayat ini")
        try:
            loaded = load_text(text, Path(OFFICE))
            office = Office.from_loaded(loaded)
        except (LoadError, KeyError, TypeError, ValueError, AttributeError) as exc:
            return Rules(None, sops, broken=f"{OFFICE} pada titik riwayat ini tidak dapat dibaca ({exc})")
        return Rules(office, sops, **read_block(loaded.data))


def _sop(text: str | None, path: str) -> Sop | None:
    if text is None:
        return None
    try:
        return Sop.from_loaded(load_text(text, Path(path)))
    except (LoadError, KeyError, TypeError, ValueError, AttributeError):
        return None


def current_rules(office: Office | None, sops: Mapping[str, Sop]) -> Rules:
    """Today's rules, from the validated workspace."""
    data = office.source.loaded.data if office is not None else None
    return Rules(office, sops, **read_block(data))
