"""Hostile input, round 3 — the form editor's addresses (issue 21): staff's Git tokens and the
records they edit travel to the Git host, the OAuth helper and the form's own origin, so every
address in kantor.yaml `penyunting` is https, except this computer's own loopback (local mode)."""

from __future__ import annotations

import pytest
from conftest import NOW, put

from generator.cli.main import main
from generator.records.checks_office import secure
from generator.records.workspace import load_workspace

OFFICE = "records/kantor.yaml"
HOST = "  alamat: https://git.pagaralam.example"


def refused(project) -> list[tuple[int, str, str | None]]:
    problems = load_workspace(project, now=NOW).problems
    return [(p.line, p.message, p.hint) for p in problems if p.code == "alamat-tidak-aman"]


@pytest.mark.parametrize(
    "address",
    [
        "http://git.pagaralam.example",
        "http://git.pagaralam.example:443/jejak",
        "http://192.168.1.10:3000",
        "http://localhost.pagaralam.example",
        "http://127.0.0.1.nip.example",
        "http://10.0.0.1/git",
    ],
)
def test_a_plain_http_git_host_is_refused(project, capsys, address: str):
    line = put(project, OFFICE, HOST, f"  alamat: {address}")
    assert refused(project) == [
        (
            line,
            f"alamat host Git '{address}' tidak memakai https://: token Git staf dan isi catatan terkirim tanpa "
            "enkripsi dan dapat diubah di jalan",
            "pakai https://...; http:// hanya untuk uji coba di komputer ini (127.0.0.1 atau localhost)",
        )
    ]
    assert main(["validate", "--repo", str(project)]) == 1
    assert f"{OFFICE}:{line}:11: galat: alamat host Git" in capsys.readouterr().out


@pytest.mark.parametrize(
    "key",
    ["pembantu_oauth"],
)
def test_every_address_of_the_block_is_held_to_https(project, key: str):
    put(project, OFFICE, "  jenis: forgejo", "  jenis: github")
    line = put(project, OFFICE, HOST, f"{HOST}\n  {key}: http://oauth.pagaralam.example") + 1
    assert [(ln, msg.split(" '")[0]) for ln, msg, _ in refused(project)] == [(line, "alamat pembantu OAuth")]


@pytest.mark.parametrize(
    "address",
    [
        "https://git.pagaralam.example",
        "http://127.0.0.1:8081/api/v1",
        "http://localhost:8081/api/v1",
        "http://127.1.2.3",
    ],
)
def test_https_and_the_loopback_pass(project, address: str):
    put(project, OFFICE, HOST, f"  alamat: {address}")
    assert refused(project) == []


def test_the_rule_itself():
    assert secure("https://a.example") and secure("http://LOCALHOST:1") and secure("http://127.0.0.1")
    assert not secure("http://a.example") and not secure("ftp://a.example") and not secure("http://0.0.0.0")
