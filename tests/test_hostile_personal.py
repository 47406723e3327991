"""Hostile input, round 2 — personal data (UU 27/2022) in every channel and every encoding:
NIK, mobile numbers and e-mail addresses written with separators, NBSP, invisible characters,
YAML escapes, folded lines, fullwidth or other-script digits, `(at)`; in records, comments, the
office record, SOP files, file names, commit subjects, author names and mergers' addresses
shown on the portal, and image metadata."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import NOW, put
from PIL import Image

from generator.cli.main import main
from generator.portal.site import build_site
from generator.records.privacy import Own, find_personal, mask_personal, normalise
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
OFFICE = "records/kantor.yaml"
SOP = "schema/sop/penyelenggaraan-pelatihan.yaml"
NIK_MESSAGE = "angka 16 digit ini menyerupai NIK"
PHONE_MESSAGE = "catatan memuat nomor telepon"
EMAIL_MESSAGE = "catatan memuat alamat surel"
HIDDEN = "berkas memuat karakter tak terlihat (U+{})"

# (id, text as it stands in a double-quoted YAML value, message): 42 encodings.
ENCODINGS = [
    ("nik-plain", "1671012304850001", NIK_MESSAGE),
    ("nik-spaces", "1671 0123 0485 0001", NIK_MESSAGE),
    ("nik-dots", "16.71.01.230485.0001", NIK_MESSAGE),
    ("nik-dashes", "1671-0123-0485-0001", NIK_MESSAGE),
    ("nik-slashes", "1671/0123/0485/0001", NIK_MESSAGE),
    ("nik-nbsp", "1671\u00a00123\u00a00485\u00a00001", NIK_MESSAGE),  # and each space (test below)
    ("nik-narrow-nbsp", "1671\u202f0123\u202f0485\u202f0001", NIK_MESSAGE),
    ("nik-zwsp", "1671\\u200b0123\\u200b0485\\u200b0001", HIDDEN.format("200B")),  # refused by the loader
    ("nik-escape-digits", "\\x31\\x36\\x371012304850001", NIK_MESSAGE),
    (
        "nik-fullwidth",
        "\uff11\uff16\uff17\uff11\uff10\uff11\uff12\uff13\uff10\uff14\uff18\uff15\uff10\uff10\uff10\uff11",
        NIK_MESSAGE,
    ),
    (
        "nik-arabic-indic",
        "\u0661\u0666\u0667\u0661\u0660\u0661\u0662\u0663\u0660\u0664\u0668\u0665\u0660\u0660\u0660\u0661",
        NIK_MESSAGE,
    ),
    ("nik-mixed-separators", "16 71-01.230485 / 0001", NIK_MESSAGE),
    ("nik-single-digits", "1 6 7 1 0 1 2 3 0 4 8 5 0 0 0 1", NIK_MESSAGE),
    ("nik-after-junk", "no. 7 1671 0123 0485 0001", NIK_MESSAGE),
    ("nik-double-spaces", "1671  0123  0485  0001", NIK_MESSAGE),
    ("nik-brackets", "(1671) 0123 0485 0001", NIK_MESSAGE),
    ("phone-plain", "081234567890", PHONE_MESSAGE),
    ("phone-dashes", "0812-3456-7890", PHONE_MESSAGE),
    ("phone-dots", "0812.3456.7890", PHONE_MESSAGE),
    ("phone-spaces", "0812 3456 7890", PHONE_MESSAGE),
    ("phone-plus62", "+62 812 3456 7890", PHONE_MESSAGE),
    ("phone-62", "62-812-3456-7890", PHONE_MESSAGE),
    ("phone-brackets", "(0812) 3456 7890", PHONE_MESSAGE),
    ("phone-nbsp", "0812\u00a03456\u00a07890", PHONE_MESSAGE),
    ("phone-zwj", "0812\\u200d3456\\u200d7890", HIDDEN.format("200D")),
    ("phone-fullwidth", "\uff10\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10", PHONE_MESSAGE),
    ("phone-single-digits", "0 8 1 2 3 4 5 6 7 8 9 0", PHONE_MESSAGE),
    ("phone-after-digit", "hubungi 1 0812 3456 7890", PHONE_MESSAGE),
    ("phone-escaped", "\\x30\\x3812-3456-7890", PHONE_MESSAGE),
    ("phone-wa", "WA 0857 1234 5678", PHONE_MESSAGE),
    ("email-plain", "siti.aminah@contoh.example", EMAIL_MESSAGE),
    ("email-upper", "SITI.AMINAH@CONTOH.EXAMPLE", EMAIL_MESSAGE),
    ("email-fullwidth-at", "siti.aminah\uff20contoh.example", EMAIL_MESSAGE),
    ("email-small-at", "siti.aminah\ufe6bcontoh.example", EMAIL_MESSAGE),
    ("email-spaces", "siti.aminah @ contoh . example", EMAIL_MESSAGE),
    ("email-at-words", "siti.aminah (at) contoh (dot) example", EMAIL_MESSAGE),
    ("email-brackets", "siti.aminah [at] contoh [dot] example", EMAIL_MESSAGE),
    ("email-at-spelled", "sitiaminah at contoh dot example", EMAIL_MESSAGE),
    ("email-zwsp", "siti\\u200b.aminah@contoh\\u200b.example", HIDDEN.format("200B")),
    ("email-escape", "siti.aminah\\x40contoh.example", EMAIL_MESSAGE),
    ("email-unicode-escape", "siti.aminah\\u0040contoh.example", EMAIL_MESSAGE),
    (
        "email-fullwidth-letters",
        "\uff53\uff49\uff54\uff49\uff20\uff43\uff4f\uff4e\uff54\uff4f\uff48.example",
        EMAIL_MESSAGE,
    ),
]
# Digits and letters of other scripts are also refused as look-alikes (lookalikes.py), at the same line.
OTHER_SCRIPT = {"nik-fullwidth", "nik-arabic-indic", "phone-fullwidth", "email-fullwidth-letters"}
LOOKALIKE_WORDS = ("dari aksara lain", "huruf mirip Latin")
HARMLESS = [
    "DPA/A.1/2.07.0.00.0.00.01.0000/001/2024",
    "NIP 19691016 199503 1 001",
    "Rp48.500.000,00",
    "500.15.4/021/BLK/2024",
    "2024-01-29 08:00 sampai 2024-01-30 16:00",
    "2024-01-15 2024-01-16 2024-01-17",
    "pukul 08.00 2024-01-15",
    "telepon kantor (0730) 621234",
    "rapat at balai",
    "dpmptsptk@pagaralam.example",  # the office's own address
]


def unescaped(text: str) -> str:
    """What a double-quoted YAML value's escapes stand for: a comment holds the characters themselves."""
    return re.sub(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4}))", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def errors(project: Path, entrance: str, pasted: bool = False) -> list[tuple[int, str]]:
    """The errors of one file; Word's spaces (each one reported, see below) only when asked for."""
    found = load_workspace(project, now=NOW).problems
    return [
        (p.line, p.message)
        for p in found
        if p.path == entrance and p.is_error and (pasted or p.code != "karakter-tempelan")
    ]


def test_a_number_pasted_with_word_spaces_is_found_and_so_is_each_space(project: Path):
    line = put(
        project, EVENT, "catatan: Disetujui tanpa perubahan.", 'catatan: "NIK 1671\u00a00123\u00a00485\u00a00001"'
    )
    nbsp = "berkas memuat spasi tak-putus (non-breaking space, U+00A0)"
    assert errors(project, EVENT, pasted=True) == [(line, NIK_MESSAGE)] + [(line, nbsp)] * 3


@pytest.mark.parametrize(("case", "text", "message"), ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_every_encoding_is_found_in_an_event_value(project: Path, case: str, text: str, message: str):
    line = put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f'catatan: "Disetujui. {text}"')
    found = errors(project, EVENT)
    lookalike = [(at, said) for at, said in found if any(word in said for word in LOOKALIKE_WORDS)]
    assert [f for f in found if f not in lookalike] == [(line, message)]
    assert [at for at, _ in lookalike] == ([line] if case in OTHER_SCRIPT else [])


PLAIN = [c for c in ENCODINGS if "\\" not in c[1] and " " in c[1]]  # escapes exist only in quoted values


@pytest.mark.parametrize(("case", "text", "message"), PLAIN, ids=[c[0] for c in PLAIN])
def test_and_in_a_folded_value(project: Path, case: str, text: str, message: str):
    """A number split over two lines of a plain value: YAML folds it back into one line."""
    half = len(text) // 2
    while half < len(text) and text[half] not in " -.":
        half += 1
    folded = text[:half] + "\n      " + text[half:].lstrip(" ")
    line = put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui {folded}")
    assert errors(project, EVENT) == [(line, message)]


@pytest.mark.parametrize(("case", "text", "message"), ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_every_encoding_is_found_in_a_comment(project: Path, case: str, text: str, message: str):
    if "\\" in text:
        text = unescaped(text)
    line = put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui.  # {text}")
    assert errors(project, EVENT) == [(line, message)]


@pytest.mark.parametrize("harmless", HARMLESS)
def test_numbers_and_addresses_that_are_not_personal_pass(project: Path, harmless: str):
    put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f'catatan: "Disetujui. {harmless}"')
    assert errors(project, EVENT) == []


CHANNELS = [
    (OFFICE, "nama: Bidang Balai Latihan Kerja", 'nama: "Bidang BLK {t}"'),
    (OFFICE, "nama: Bidang Balai Latihan Kerja", "nama: Bidang Balai Latihan Kerja  # {t}"),
    (SOP, "  nama: Penyelenggaraan Pelatihan", '  nama: "Penyelenggaraan Pelatihan {t}"'),
    (SOP, "  nama: Penyelenggaraan Pelatihan", "  nama: Penyelenggaraan Pelatihan  # {t}"),
    (EVENT, "{nama: Siti Aminah,", '{{nama: "Siti Aminah {t}",'),
    (EVENT, "nama: Pelatihan Menjahit Pakaian Angkatan I", "nama: Pelatihan Menjahit Pakaian Angkatan I  # {t}"),
]


@pytest.mark.parametrize(("entrance", "old", "new"), CHANNELS)
@pytest.mark.parametrize(("case", "text", "message"), ENCODINGS[::4], ids=[c[0] for c in ENCODINGS[::4]])
def test_every_file_channel_is_checked(project: Path, capsys, entrance, old, new, case, text, message):
    if "#" in new:
        text = unescaped(text)
    line = put(project, entrance, old, new.format(t=text))
    assert errors(project, entrance) == [(line, message)]
    assert main(["validate", "--repo", str(project)]) == 1
    assert f"{entrance}:{line}:" in capsys.readouterr().out


def test_the_office_may_carry_its_own_addresses_and_telephone(project: Path):
    put(project, OFFICE, "  telepon: (0730) 000000", "  telepon: 0812-3456-7890")
    put(
        project,
        OFFICE,
        "nama: Bidang Balai Latihan Kerja",
        "nama: Bidang Balai Latihan Kerja  # balas ke yusuf.h@users.example",
    )
    assert errors(project, OFFICE) == []
    line = put(project, OFFICE, "kota: Pagar Alam", "kota: Pagar Alam  # pribadi: yusuf@gmail.example")
    assert errors(project, OFFICE) == [(line, EMAIL_MESSAGE)]


@pytest.mark.parametrize(
    "name",
    ["2024-siti-1671012304850001.yaml", "2024-hp-081234567890.yaml", "2024-siti-aminah@contoh.example.yaml"],
)
def test_personal_data_in_a_record_file_name_is_refused(project: Path, capsys, name: str):
    shutil.copy(project / EVENT, project / "records" / "2024" / name)
    code = main(["validate", "--repo", str(project)])
    out = capsys.readouterr().out
    assert code == 1 and f"records/2024/{name}:1:1: galat:" in out


def test_personal_data_in_an_attachment_name_is_refused(project: Path):
    scan = project / "lampiran" / "ktp-1671012304850001.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    put(
        project,
        EVENT,
        "    paraf: {oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}\n",
        "    paraf: {oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}\n    lampiran:\n"
        "      - {berkas: lampiran/ktp-1671012304850001.pdf}\n",
    )
    messages = [m for _, m in errors(project, EVENT)]
    assert any("memuat data pribadi" in m for m in messages), messages


# --- what Jejak cannot refuse: Git metadata on the portal, masked -----------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Tambah peserta 1671012304850001", "Tambah peserta [nomor disamarkan]"),
        ("hubungi 0812-3456-7890", "hubungi [nomor disamarkan]"),
        ("Budi <budi.santoso@gmail.example>", "Budi <b…@….example>"),
        ("dari budi\uff20gmail.example", "dari b…@….example"),
        ("ahmad.fauzi@pagaralam.example", "ahmad.fauzi@pagaralam.example"),  # the office's own
        ("Catatan rapat 2024-01-15", "Catatan rapat 2024-01-15"),
    ],
)
def test_git_texts_are_masked(project: Path, text: str, shown: str):
    office = load_workspace(project, now=NOW).office
    assert mask_personal(text, Own.of(office)) == shown


def git(repo: Path, *args: str, name: str = "Rina", email: str = "rina.wulandari@pagaralam.example") -> None:
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": "2024-02-01T10:00:00+07:00",
        "GIT_COMMITTER_DATE": "2024-02-01T10:00:00+07:00",
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo.parent),
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_the_audit_page_masks_subjects_authors_and_unknown_mergers(project: Path):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Awal")
    git(project, "checkout", "-q", "-b", "usulan")
    put(project, EVENT, "catatan: Disetujui tanpa perubahan.", "catatan: Disetujui tanpa perubahan sama sekali.")
    git(project, "commit", "-q", "-am", "Siti 1671 0123 0485 0001 hp 0812-3456-7890", name="Siti 081234567890")
    git(project, "checkout", "-q", "main")
    git(
        project, "merge", "-q", "--no-ff", "usulan", "-m", "Gabung", name="Orang Luar", email="orang.luar@gmail.example"
    )
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    pages.append((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    everything = "\n".join(pages)
    for secret in ("1671 0123 0485 0001", "0812-3456-7890", "081234567890", "orang.luar@gmail.example"):
        assert secret not in everything, secret
    assert "[nomor disamarkan]" in everything and "o…@….example" in everything


# --- image metadata -------------------------------------------------------------------------------


def photo_with_metadata(kind: str) -> bytes:
    image = Image.new("RGB", (16, 12), (10, 120, 200))
    out = io.BytesIO()
    if kind == "JPEG":
        exif = Image.Exif()
        exif[0x010E] = "Siti Aminah NIK 1671012304850001"  # ImageDescription
        exif[0x013B] = "Budi 0812-3456-7890"  # Artist
        exif[0x8825] = {1: "S", 2: (4.0, 1.0, 0.0), 3: "E", 4: (103.0, 15.0, 0.0)}  # GPS
        image.save(out, "JPEG", exif=exif)
    else:
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Author", "Siti Aminah 0812-3456-7890")
        info.add_itxt("Description", "NIK 1671012304850001")
        image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "name"), [("JPEG", "foto.jpg"), ("PNG", "tanda-terima.png")])
def test_published_images_carry_no_metadata(project: Path, kind: str, name: str):
    scan = project / "lampiran" / name
    scan.parent.mkdir(parents=True)
    scan.write_bytes(photo_with_metadata(kind))
    assert b"1671012304850001" in scan.read_bytes()
    put(
        project,
        EVENT,
        "    paraf: {oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}\n",
        f"    paraf: {{oleh: yusuf-hidayat, waktu: 2024-02-01 10:02}}\n    lampiran:\n      - {{berkas: lampiran/{name}}}\n",
    )
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    published = site / "kegiatan" / "2024-menjahit-1" / "lampiran" / f"1-{name}"
    data = published.read_bytes()
    for secret in (b"1671012304850001", b"0812-3456-7890", b"Siti", b"Budi"):
        assert secret not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == kind and image.size == (16, 12)
        assert not image.getexif() and not {
            k for k in image.info if k not in ("dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density")
        }


def test_the_normalised_text_is_what_a_reader_sees():
    assert normalise("\uff10\uff18\u200b12") == "0812"
    assert [f.kind for f in find_personal(normalise("siti (at) contoh (dot) example"))] == ["surel"]
