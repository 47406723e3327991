"""YAML parse errors (libyaml's, or the pure parser's for the same mistake), said in Indonesian
with the fix a person needs."""

from __future__ import annotations

import yaml

PROBLEMS: list[tuple[str, str, str | None]] = [
    # Needles by context first: the two parsers word the problem differently, the context alike.
    (
        "while scanning a block scalar",
        "penanda teks berbaris (| atau >) harus diikuti akhir baris",
        "tulis teksnya mulai baris berikutnya, atau beri tanda kutip bila nilainya diawali | atau >",
    ),
    (
        "while scanning a directive",
        "baris yang diawali '%' tidak diizinkan",
        "beri tanda kutip pada nilai yang diawali %",
    ),
    ("while scanning a tag", "penulisan tag (!) tidak sah", "beri tanda kutip pada nilai yang diawali tanda seru (!)"),
    (
        "mapping values are not allowed",
        "tanda titik dua ':' di tempat yang tidak semestinya",
        "beri tanda kutip pada nilai yang memuat ': ', atau periksa indentasi baris ini",
    ),
    (
        "could not find expected ':'",
        "tanda titik dua ':' setelah kunci tidak ditemukan",
        "setiap baris isian berbentuk `kunci: nilai`",
    ),
    (
        "did not find expected key",
        "indentasi tidak sesuai dengan baris di atasnya",
        "samakan jumlah spasi di awal baris dengan isian lain pada tingkat yang sama",
    ),
    (
        "did not find expected '-' indicator",
        "indentasi daftar tidak sesuai",
        "setiap butir daftar diawali '- ' dengan indentasi yang sama",
    ),
    (  # the pure parser's words for the same (before its "expected <block end>")
        "while parsing a block collection",
        "indentasi daftar tidak sesuai",
        "setiap butir daftar diawali '- ' dengan indentasi yang sama",
    ),
    (
        "expected <block end>",
        "indentasi tidak sesuai dengan baris di atasnya",
        "samakan jumlah spasi di awal baris dengan isian lain pada tingkat yang sama",
    ),
    (
        "sequence entries are not allowed",  # libyaml: "block sequence entries …", pure: "… here"
        "tanda '-' butir daftar di tempat yang tidak semestinya",
        "butir daftar ditulis di baris sendiri di bawah kuncinya, diawali '- '; "
        "beri tanda kutip pada nilai yang diawali '- '",
    ),
    (
        "mapping keys are not allowed",
        "tanda tanya '?' di tempat yang tidak semestinya",
        "beri tanda kutip pada nilai yang diawali '?'",
    ),
    (
        "document start>",  # libyaml: "expected <document start>", pure: "expected '<document start>'"
        "indentasi tidak sesuai dengan baris di atasnya",
        "samakan jumlah spasi di awal baris dengan isian lain pada tingkat yang sama",
    ),
    (
        "expected comment or line break",
        "teks tambahan setelah nilai pada baris yang sama",
        "beri tanda kutip pada seluruh nilai, atau pindahkan teks tambahan ke baris sendiri",
    ),
    (
        "expected a comment or a line break",  # the pure parser's words
        "teks tambahan setelah nilai pada baris yang sama",
        "beri tanda kutip pada seluruh nilai, atau pindahkan teks tambahan ke baris sendiri",
    ),
    (
        "found unexpected ':'",
        "tanda titik dua ':' di tempat yang tidak semestinya",
        "beri tanda kutip pada nilai yang memuat ':' di dalam [ ] atau { }",
    ),
    (
        "found undefined alias",
        "alias (*) merujuk anchor yang tidak ada",
        "anchor dan alias tidak dipakai di catatan; tulis nilainya langsung",
    ),
    (
        "found unexpected end of stream",
        "berkas berakhir sebelum tanda kutip atau kurung ditutup",
        "periksa pasangan tanda kutip (\" atau ') dan kurung ([ ] atau { })",
    ),
    (
        "expected ',' or ']'",  # libyaml: "did not find expected …"; the pure parser: "expected …, but got"
        "kurung siku '[' belum ditutup atau butirnya tidak dipisah koma",
        "pisahkan butir dengan koma dan tutup dengan ']'",
    ),
    (
        "expected ',' or '}'",
        "kurung kurawal '{' belum ditutup atau isiannya tidak dipisah koma",
        "pisahkan isian dengan koma dan tutup dengan '}'",
    ),
    (
        "special characters are not allowed",
        "berkas memuat karakter kendali yang tidak terlihat",
        "hapus karakter tersebut (sering terbawa saat menyalin dari dokumen lain)",
    ),
    (
        "found invalid Unicode character escape code",
        "urutan escape \\u… menuliskan kode yang bukan karakter (misalnya separuh pasangan surrogate)",
        "hapus urutan escape tersebut dan ketik karakternya langsung",
    ),
    (
        "found unknown escape character",
        "urutan escape dengan garis miring terbalik tidak dikenal",
        "pakai tanda kutip tunggal (') atau tulis garis miring terbalik dua kali (\\\\)",
    ),
    (
        "did not find expected node content",
        "nilai tidak ditemukan: kurung '[' atau '{' belum ditutup, atau nilai diawali tanda khusus",
        "tutup kurung yang dibuka, atau beri tanda kutip pada nilai yang diawali [, {, * atau &",
    ),
    (
        "expected the node content",  # the pure parser's words
        "nilai tidak ditemukan: kurung '[' atau '{' belum ditutup, atau nilai diawali tanda khusus",
        "tutup kurung yang dibuka, atau beri tanda kutip pada nilai yang diawali [, {, * atau &",
    ),
    ("exceeded maximum nesting depth", "struktur bersarang terlalu dalam", None),
    (
        "expected a single document",
        "berkas memuat lebih dari satu dokumen YAML (---)",
        "satu berkas hanya untuk satu kegiatan; hapus pemisah '---' dan isi di bawahnya",
    ),
    (
        "that cannot start any token",  # the pure parser names the character in between
        "karakter ini tidak boleh mengawali nilai",
        "beri tanda kutip pada nilai yang diawali karakter khusus seperti @, ` atau %",
    ),
    ("found a tab character", "karakter tab tidak boleh dipakai", "ganti tab dengan spasi"),
    ("while scanning a quoted scalar", "tanda kutip belum ditutup", "tutup tanda kutip di akhir nilai"),
    ("while scanning an anchor", "penulisan anchor (&) tidak sah", "anchor dan alias tidak dipakai di catatan"),
    (
        "while scanning an alias",
        "penulisan alias (*) tidak sah",
        "beri tanda kutip pada nilai yang diawali tanda bintang (*)",
    ),
]


def explain(exc: yaml.MarkedYAMLError) -> tuple[str, tuple[int, int], str | None]:
    """(message, line and column, hint) of a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint in PROBLEMS:
        if needle in text:
            return message, where, hint
    return (
        f"struktur YAML tidak valid ({(exc.problem or exc.context or '').strip()})",
        where,
        "periksa indentasi dan tanda baca di sekitar baris ini",
    )
