"""The corpus of bad records: one file per mistake a person makes, and the exact lines
`jejak validate` shows for it (position, message, the field as the form labels it, and the fix it
suggests); the same with PyYAML's pure parser (what the form's validator in the browser runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from yaml.nodes import Node

from generator.cli.main import main
from generator.records import load

BAD = Path(__file__).parent / "bad_records"

EXPECTED = {
    "2024-koma-kurawal": [
        "18:50: galat: langkah 1, 'anggaran': kunci 'jasa)' tidak dikenal",
        "  isian: Langkah 1 › Anggaran › Jasa)",
        "  saran: bila ini potongan nilai yang memuat koma di dalam { }, beri tanda kutip pada nilai itu",
    ],
    "2024-komentar-nik": [
        "9:19: galat: angka 16 digit ini menyerupai NIK",
        "  saran: catatan kegiatan tidak boleh memuat NIK (UU 27/2022 tentang Pelindungan Data Pribadi); hapus angka ini",
        "9:40: galat: catatan memuat nomor telepon",
        "  saran: catatan kegiatan tidak boleh memuat nomor telepon peserta atau orang lain; hapus nomor ini",
    ],
    "2024-bom-alias": [
        "2:4: galat: anchor dan alias (& dan *) tidak diizinkan",
        "  saran: tulis nilainya langsung di setiap tempat; catatan harus dapat dibaca tanpa rujukan",
    ],
    "2024-bukan-daftar": [
        "10:3: galat: 'peserta' harus berupa daftar (butir diawali '- '), bukan kumpulan isian (kunci: nilai)",
        "  isian: Peserta",
        "  saran: tulis sebagai daftar: setiap butir di baris sendiri diawali '- '",
    ],
    "2024-dua-dokumen": [
        "56:1: galat: berkas memuat lebih dari satu dokumen YAML (---)",
        "  saran: satu berkas hanya untuk satu kegiatan; hapus pemisah '---' dan isi di bawahnya",
    ],
    "2024-indentasi": [
        "22:11: galat: tanda titik dua ':' di tempat yang tidak semestinya",
        "  saran: beri tanda kutip pada nilai yang memuat ': ', atau periksa indentasi baris ini",
    ],
    "2024-isian-salah-langkah": [
        "31:5: galat: isian 'rapat' milik langkah 8, bukan langkah 3",
        "  isian: Langkah 3 › Rapat",
        "  saran: pindahkan isian ini ke blok langkah 8",
    ],
    "2024-jadwal-hari-libur": [
        "5:17: peringatan: pelatihan dimulai Kamis, 9 Mei 2024, bukan hari kerja (Kenaikan Yesus Kristus)",
        "  isian: Jadwal pelatihan › Mulai",
        "  saran: periksa tanggal mulai jadwal; daftar hadir hanya memuat hari kerja kantor",
        "5:38: peringatan: pelatihan berakhir Minggu, 12 Mei 2024, bukan hari kerja",
        "  isian: Jadwal pelatihan › Selesai",
        "  saran: periksa tanggal selesai jadwal; daftar hadir hanya memuat hari kerja kantor",
    ],
    "2024-jadwal-tanpa-selesai": [
        "5:9: galat: 'jadwal': isian 'selesai' wajib ada",
        "  isian: Jadwal pelatihan › Selesai",  # the missing field, where the form shows it
        "  saran: tambahkan baris `selesai: …`",
    ],
    "2024-jadwal-terbalik": [
        "5:38: galat: jadwal selesai (1 Mei 2024) lebih awal dari jadwal mulai (6 Mei 2024)",
        "  isian: Jadwal pelatihan › Selesai",
        "  saran: periksa urutan tanggal pada 'jadwal'",
    ],
    "2024-jam-salah": [
        "15:12: galat: langkah 1, 'mulai': '2024-04-01 25:00' bukan tanggal atau jam yang ada di kalender",
        "  isian: Langkah 1 › Mulai",
        "  saran: periksa hari, bulan dan jam",
    ],
    "2024-jenis-kelamin": [
        "10:63: galat: 'peserta' butir 1, 'jenis_kelamin': nilai 'Perempuan' tidak dikenal",
        "  isian: Peserta › butir 1 › Jenis kelamin",
        "  saran: pilihan yang sah: L, P",
    ],
    "2024-kode-beda": [
        "2:7: galat: kode '2024-menjahit-2' berbeda dengan nama berkas '2024-kode-beda.yaml'",
        "  isian: Kode",
        "  saran: samakan keduanya: ganti kode menjadi '2024-kode-beda' atau ganti nama berkas menjadi '2024-menjahit-2.yaml'",
    ],
    "2024-kosong": ["1:1: galat: berkas kosong", "  saran: mulailah dari `jejak new` atau salin contoh di records/"],
    "2024-kunci-asing": [
        "22:5: galat: langkah 2: kunci 'mulia' tidak dikenal",
        "  isian: Langkah 2 › Mulia",
        "  saran: mungkin maksud Anda 'mulai'?",
    ],
    "2024-kunci-ganda": [
        "7:1: galat: kunci 'nama' ditulis dua kali (pertama di baris 4)",
        "  saran: hapus salah satunya; YAML hanya menyimpan yang terakhir dan diam-diam membuang yang lain",
    ],
    "2024-langkah-hilang": [
        "11:1: galat: langkah 7 ('Menerima surat jawaban dari Kabupaten/Kota berisi nama-nama calon peserta kegiatan pelatihan') tidak ada",
        "  isian: Langkah",
        "  saran: tambahkan blok `- no: 7` dengan `status: belum` di tempatnya",
    ],
    "2024-langkah-lebih": [
        "56:9: galat: langkah 12 tidak ada di SOP 'Penyelenggaraan Pelatihan' (11 langkah)",
        "  isian: Langkah 12 › No",
        "  saran: hapus blok ini atau perbaiki nomornya",
    ],
    "2024-loncat-status": [
        "23:13: galat: langkah 3 berstatus 'selesai' padahal langkah 2 belum selesai",
        "  isian: Langkah 3 › Status",
        "  saran: langkah SOP dikerjakan berurutan; selesaikan langkah sebelumnya lebih dulu",
    ],
    "2024-nik": [
        "25:37: galat: angka 16 digit ini menyerupai NIK",
        "  isian: Langkah 2 › Catatan",
        "  saran: catatan kegiatan tidak boleh memuat NIK (UU 27/2022 tentang Pelindungan Data Pribadi); hapus angka ini",
    ],
    "2024-nomor-ganda": [
        "38:25: galat: nomor surat '500.15.4/021/BLK/2024' sudah dipakai di records/2024/2024-menjahit-1.yaml:112",
        "  isian: Langkah 5 › Penomoran › Undangan › Nomor",
        "  saran: setiap kode dan nomor surat hanya boleh dipakai sekali; periksa buku agenda atau SRIKANDI",
    ],
    "2024-orang-tak-dikenal": [
        "17:11: galat: 'rina-wulandar' tidak ada di data kantor (records/kantor.yaml)",
        "  isian: Langkah 1 › Dikerjakan oleh",
        "  saran: mungkin maksud Anda 'rina-wulandari' (Rina Wulandari, S.E.)?",
    ],
    "2024-output-kurang": [
        "26:13: galat: langkah 3 sudah selesai tetapi 'instruksi' belum diisi (dibutuhkan untuk output: Instruksi Kepala Bidang)",
        "  isian: Langkah 3 › Instruksi",  # the missing field, where the form shows it
        "  saran: isi 'instruksi' di blok langkah 3, atau ubah status menjadi 'berjalan'",
    ],
    "2024-peran-salah": [
        "24:11: galat: langkah 2 dikerjakan oleh Rina Wulandari, S.E., padahal pelaksananya Kepala Dinas (pada 2 April 2024)",
        "  isian: Langkah 2 › Dikerjakan oleh",
        "  saran: yang berwenang pada tanggal itu: ahmad-fauzi",
    ],
    "2024-rupiah-teks": [
        "18:42: galat: langkah 1, 'anggaran.jumlah' harus berupa bilangan bulat, bukan teks",
        "  isian: Langkah 1 › Anggaran › Jumlah (rupiah)",
        "  saran: tulis angka saja, tanpa tanda kutip, titik pemisah ribuan atau 'Rp'",
    ],
    "2024-sebelum-menjabat": [
        "24:11: galat: langkah 2 dikerjakan oleh Ir. Bambang Setiawan, M.T., padahal pelaksananya Kepala Dinas (pada 2 April 2024)",
        "  isian: Langkah 2 › Dikerjakan oleh",
        "  saran: yang berwenang pada tanggal itu: ahmad-fauzi",
    ],
    "2024-selesai-sebelum-mulai": [
        "23:14: galat: langkah 2 'selesai' (2024-03-02 10:15) lebih awal dari 'mulai' (2024-04-02 09:45)",
        "  isian: Langkah 2 › Selesai",
        "  saran: periksa urutan tanggal; 'selesai' harus sama atau setelah 'mulai'",
    ],
    "2024-sintaks": [
        "6:6: galat: kurung kurawal '{' belum ditutup atau isiannya tidak dipisah koma",
        "  saran: pisahkan isian dengan koma dan tutup dengan '}'",
    ],
    "2024-sop-tak-dikenal": [
        "3:6: galat: SOP 'penyelenggaraan-pelatihn' tidak dikenal",
        "  saran: mungkin maksud Anda 'penyelenggaraan-pelatihan'?",
    ],
    "2024-status-kurang": [
        "26:13: galat: langkah 3 berstatus 'selesai' tetapi 'selesai' belum diisi",
        "  isian: Langkah 3 › Selesai",  # the missing field, where the form shows it
        "  saran: isi 'selesai', atau ubah status menjadi 'belum'",
    ],
    "2024-status-salah": [
        "20:13: galat: langkah 2, 'status': nilai 'selesei' tidak dikenal",
        "  isian: Langkah 2 › Status",
        "  saran: mungkin maksud Anda 'selesai'?",
    ],
    "2024-surel": [
        "25:30: galat: catatan memuat alamat surel",
        "  isian: Langkah 2 › Catatan",
        "  saran: catatan kegiatan tidak boleh memuat alamat surel peserta atau orang lain; hapus alamat ini",
    ],
    "2024-tab": [
        "21:1: galat: karakter tab tidak boleh dipakai",
        "  saran: ganti tab dengan spasi (dua spasi per tingkat)",
    ],
    "2024-tag-berbahaya": [
        "4:7: galat: tag YAML '!!python/object/apply:os.system' tidak diizinkan",
        "  saran: hapus tag yang diawali tanda seru (!); catatan hanya memuat teks, bilangan, true/false dan daftar",
    ],
    "2024-tanggal-mustahil": [
        "5:17: galat: 'jadwal.mulai': '2024-02-30' bukan tanggal atau jam yang ada di kalender",
        "  isian: Jadwal pelatihan › Mulai",
        "  saran: periksa hari, bulan dan jam",
    ],
    "2024-telepon": [
        "25:33: galat: catatan memuat nomor telepon",
        "  isian: Langkah 2 › Catatan",
        "  saran: catatan kegiatan tidak boleh memuat nomor telepon peserta atau orang lain; hapus nomor ini",
    ],
    "2024-tipe-salah": [
        "6:8: galat: 'kuota' harus berupa bilangan bulat, bukan teks",
        "  isian: Kuota peserta",
        "  saran: tulis angka saja, tanpa tanda kutip, titik pemisah ribuan atau 'Rp'",
    ],
    "2024-titik-dua": [
        "4:16: galat: tanda titik dua ':' di tempat yang tidak semestinya",
        "  saran: beri tanda kutip pada nilai yang memuat ': ', atau periksa indentasi baris ini",
    ],
    "2024-urutan-langkah": [
        "19:9: galat: urutan langkah tidak sesuai SOP: langkah 3 ada di tempat langkah 2",
        "  isian: Langkah 3 › No",
        "  saran: urutkan blok langkah dari 1 sampai 11",
    ],
    "2024-utf8-rusak": [
        "10:19: galat: berkas bukan teks UTF-8 yang sah (byte 0xe9)",
        "  saran: simpan ulang berkas dengan pengodean UTF-8 (misalnya dari editor: Save with Encoding > UTF-8)",
    ],
    "2024-waktu-antarlangkah": [
        "28:12: galat: langkah 3 dimulai (2024-04-02 08:30) sebelum langkah 2 selesai (2024-04-02 10:15)",
        "  isian: Langkah 3 › Mulai",
        "  saran: periksa tanggal; langkah SOP dikerjakan berurutan",
        "29:14: peringatan: langkah 3 memakan waktu 1 hari kerja, melebihi waktu baku SOP (5 menit)",
        "  isian: Langkah 3 › Selesai",
        "  saran: bila ada sebabnya, tuliskan di 'catatan' langkah ini",
    ],
    "2024-ya-tidak": [
        "7:9: galat: 'contoh' harus berupa true/false, bukan teks",
        "  isian: Contoh",
        "  saran: tulis true atau false (bukan yes/no atau ya/tidak)",
    ],
    # --- what office staff really get wrong (issue 12) ---
    "2024-komentar-pagar": [
        "32:36: peringatan: teks setelah ' #' dibuang: YAML membacanya sebagai komentar, nilai tersimpan \"Disetujui, lihat memo\"",
        "  isian: Langkah 3 › Catatan",
        '  saran: bila "#12" bagian dari isi, beri tanda kutip pada seluruh nilai: "Disetujui, lihat memo #12"',
    ],
    "2024-kutip-word": [
        "4:17: galat: berkas memuat tanda kutip miring “ (U+201C)",
        "  isian: Nama",
        '  saran: ganti dengan tanda kutip lurus "; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung',
        "4:26: galat: berkas memuat tanda kutip miring ” (U+201D)",
        "  isian: Nama",
        '  saran: ganti dengan tanda kutip lurus "; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung',
    ],
    # one paste from Word: every kind of character in one run, and the other problems beside them
    "2024-tempel-word": [
        "4:17: galat: berkas memuat tanda kutip miring “ (U+201C)",
        "  isian: Nama",
        '  saran: ganti dengan tanda kutip lurus "; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung',
        "4:26: galat: berkas memuat tanda kutip miring ” (U+201D)",
        "  isian: Nama",
        '  saran: ganti dengan tanda kutip lurus "; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung',
        "4:40: galat: berkas memuat tanda pisah en – (U+2013)",
        "  isian: Nama",
        "  saran: ganti dengan tanda hubung biasa -; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung",
        "4:52: galat: berkas memuat elipsis … (U+2026)",
        "  isian: Nama",
        "  saran: ganti dengan tiga titik ...; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung",
        "23:3: galat: berkas memuat spasi tak-putus (non-breaking space, U+00A0)",
        "  isian: Langkah 2 › Selesai",
        "  saran: ketik ulang sebagai spasi biasa; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung",
        "23:14: galat: langkah 2 'selesai' (2024-04-02 09:15) lebih awal dari 'mulai' (2024-04-02 09:45)",
        "  isian: Langkah 2 › Selesai",
        "  saran: periksa urutan tanggal; 'selesai' harus sama atau setelah 'mulai'",
    ],
    "2024-wilayah": [
        "10:31: galat: 'peserta' butir 1, 'asal': 'Kab. Lahat' tidak ada di daftar wilayah",
        "  isian: Peserta › butir 1 › Asal",
        "  saran: mungkin maksud Anda 'Kabupaten Lahat'?",
        "11:34: galat: 'peserta' butir 2, 'asal': 'lahat' tidak ada di daftar wilayah",
        "  isian: Peserta › butir 2 › Asal",
        "  saran: mungkin maksud Anda 'Kabupaten Lahat'?",
        "13:32: galat: 'peserta' butir 4, 'asal': 'Kab Empat Lawang' tidak ada di daftar wilayah",
        "  isian: Peserta › butir 4 › Asal",
        "  saran: mungkin maksud Anda 'Kabupaten Empat Lawang'?",
        "14:34: galat: 'peserta' butir 5, 'asal': 'Kota Pagaralam' tidak ada di daftar wilayah",
        "  isian: Peserta › butir 5 › Asal",
        "  saran: mungkin maksud Anda 'Kota Pagar Alam'?",
    ],
    "2024-jadwal-contoh": [
        "5:17: galat: 'jadwal.mulai' belum diisi: masih berisi contoh dari `jejak new` ('TTTT-BB-HH')",
        "  isian: Jadwal pelatihan › Mulai",
        "  saran: tulis tanggalnya dengan format TTTT-BB-HH (tahun-bulan-tanggal), misalnya 2026-11-25",
        "5:38: galat: 'jadwal.selesai' belum diisi: masih berisi contoh dari `jejak new` ('TTTT-BB-HH')",
        "  isian: Jadwal pelatihan › Selesai",
        "  saran: tulis tanggalnya dengan format TTTT-BB-HH (tahun-bulan-tanggal), misalnya 2026-11-25",
        "6:11: galat: 'kejuruan' belum diisi: masih berisi contoh dari `jejak new` ('ISI: kejuruan, misalnya Menjahit')",
        "  isian: Kejuruan",
        "  saran: ganti dengan kejuruan, misalnya Menjahit",
    ],
    "2024-tahun-jadwal": [
        "5:17: galat: jadwal mulai (5 Mei 2025) tidak di tahun kode kegiatan (2024)",
        "  isian: Jadwal pelatihan › Mulai",
        "  saran: kode, nama berkas dan folder mengikuti tahun pelatihan: ganti kode menjadi '2025-tahun-jadwal' dan pindahkan berkas ke records/2025/",
    ],
    "2024-selesai-masa-depan": [  # 2099 in a 2024 event: out of the event's years, said before anything is computed
        "29:14: galat: tanggal 2099-04-03 08:35 terlalu jauh dari tahun kegiatan 2024",
        "  isian: Langkah 3 › Selesai",
        "  saran: tanggal kegiatan 2024-selesai-masa-depan ada di antara tahun 2022 dan 2026; periksa penulisan tahunnya",
    ],
    "2024-tanggal-garis-miring": [
        "27:14: galat: langkah 3, 'rencana': '03/04/2024' ditulis sebagai tanggal/bulan/tahun",
        "  isian: Langkah 3 › Tanggal rencana",
        "  saran: tulis 2024-04-03; formatnya TTTT-BB-HH (tahun-bulan-tanggal)",
    ],
    "2024-tanggal-nama-bulan": [
        "27:14: galat: langkah 3, 'rencana': '3 April 2024' ditulis dengan nama bulan",
        "  isian: Langkah 3 › Tanggal rencana",
        "  saran: tulis 2024-04-03; formatnya TTTT-BB-HH (tahun-bulan-tanggal)",
    ],
    "2024-tanggal-satu-angka": [
        "27:14: galat: langkah 3, 'rencana': '2024-4-3' ditulis dengan bulan atau tanggal satu angka",
        "  isian: Langkah 3 › Tanggal rencana",
        "  saran: tulis 2024-04-03; formatnya TTTT-BB-HH (tahun-bulan-tanggal)",
    ],
    "2024-jam-tanpa-tanggal": [
        "28:12: galat: langkah 3, 'mulai': '8:30' berisi jam tanpa tanggal",
        "  isian: Langkah 3 › Mulai",
        "  saran: tulis tanggalnya juga, misalnya 2026-11-25 08:30; formatnya TTTT-BB-HH JJ:MM (tahun-bulan-tanggal jam:menit waktu kantor; jam boleh tidak ditulis)",
    ],
    "2024-jam-huruf-t": [
        "28:12: galat: langkah 3, 'mulai': '2024-04-03T08:30' memisahkan tanggal dan jam dengan huruf 'T'",
        "  isian: Langkah 3 › Mulai",
        "  saran: tulis 2024-04-03 08:30; formatnya TTTT-BB-HH JJ:MM (tahun-bulan-tanggal jam:menit waktu kantor; jam boleh tidak ditulis)",
    ],
    "2024-spasi-word": [
        "28:22: galat: berkas memuat spasi tak-putus (non-breaking space, U+00A0)",
        "  isian: Langkah 3 › Mulai",
        "  saran: ketik ulang sebagai spasi biasa; teks yang disalin dari Word atau situs web membawa karakter seperti ini: ketik nilainya langsung",
    ],
    "2024-konflik-git": [
        "30:1: galat: berkas memuat penanda konflik git (<<<<<<<): penggabungan (merge) belum selesai",
        "  saran: pilih isi yang benar di antara <<<<<<< dan >>>>>>>, hapus ketiga baris penanda (<<<<<<<, =======, >>>>>>>), simpan, lalu commit (lihat Panduan, 'Konflik penggabungan')",
    ],
    "2024-tanpa-strip": [
        "32:5: galat: kunci 'no' ditulis dua kali (pertama di baris 25): tanda '-' butir baru terlupa",
        "  saran: tambahkan '- ' di depan `no:` pada baris ini; setiap butir daftar (misalnya setiap langkah) diawali '- no:'",
    ],
    "2024-orang-nama-lengkap": [
        "17:11: galat: langkah 1, 'oleh': 'Rina Wulandari' bukan id orang dari data kantor",
        "  isian: Langkah 1 › Dikerjakan oleh",
        "  saran: mungkin maksud Anda 'rina-wulandari' (Rina Wulandari, S.E.)?",
    ],
    "2024-orang-nama-depan": [
        "30:11: galat: 'yusuf' tidak ada di data kantor (records/kantor.yaml)",
        "  isian: Langkah 3 › Dikerjakan oleh",
        "  saran: mungkin maksud Anda 'yusuf-hidayat' (Yusuf Hidayat, S.T., M.M.)?",
    ],
    # --- a record that fails its schema is still read where it is well-formed: two problems at once ---
    "2024-orang-dan-jadwal": [  # a typed person (schema) and a reversed schedule (meaning)
        "5:38: galat: jadwal selesai (1 Mei 2024) lebih awal dari jadwal mulai (6 Mei 2024)",
        "  isian: Jadwal pelatihan › Selesai",
        "  saran: periksa urutan tanggal pada 'jadwal'",
        "17:11: galat: langkah 1, 'oleh': 'Rina Wulandari' bukan id orang dari data kantor",
        "  isian: Langkah 1 › Dikerjakan oleh",
        "  saran: mungkin maksud Anda 'rina-wulandari' (Rina Wulandari, S.E.)?",
    ],
    "2024-status-dan-jadwal": [  # a misspelt status: no step is read, the schedule still is
        "5:38: galat: jadwal selesai (3 Mei 2024) lebih awal dari jadwal mulai (6 Mei 2024)",
        "  isian: Jadwal pelatihan › Selesai",
        "  saran: periksa urutan tanggal pada 'jadwal'",
        "20:13: galat: langkah 2, 'status': nilai 'selesei' tidak dikenal",
        "  isian: Langkah 2 › Status",
        "  saran: mungkin maksud Anda 'selesai'?",
    ],
    "2024-skema-dan-urutan": [  # rupiah as text in step 1 (schema), step 3 started before step 2 ended
        "18:42: galat: langkah 1, 'anggaran.jumlah' harus berupa bilangan bulat, bukan teks",
        "  isian: Langkah 1 › Anggaran › Jumlah (rupiah)",
        "  saran: tulis angka saja, tanpa tanda kutip, titik pemisah ribuan atau 'Rp'",
        "28:12: galat: langkah 3 dimulai (2024-04-02 08:30) sebelum langkah 2 selesai (2024-04-02 10:15)",
        "  isian: Langkah 3 › Mulai",
        "  saran: periksa tanggal; langkah SOP dikerjakan berurutan",
        "29:14: peringatan: langkah 3 memakan waktu 1 hari kerja, melebihi waktu baku SOP (5 menit)",
        "  isian: Langkah 3 › Selesai",
        "  saran: bila ada sebabnya, tuliskan di 'catatan' langkah ini",
    ],
}


def test_corpus_is_complete():
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_record_message(name: str, project: Path, capsys: pytest.CaptureFixture[str]):
    target = project / "records" / "2024" / f"{name}.yaml"
    shutil.copy(BAD / f"{name}.yaml", target)
    before = target.read_bytes()
    code = main(["validate", "--repo", str(project), str(target)])
    out = capsys.readouterr().out.splitlines()
    prefix = f"records/2024/{name}.yaml:"
    shown = [line.removeprefix(prefix) for line in out[:-1]]
    assert shown == EXPECTED[name]
    assert out[-1].startswith("1 berkas diperiksa: ")
    assert code == (1 if any(": galat: " in line for line in shown) else 0)
    assert target.read_bytes() == before, "validation must never modify a record"


# --- the same loader without libyaml (the form's validator in the browser) -----------------------

SAMPLES = sorted((REPO / "records").rglob("*.yaml")) + sorted((REPO / "schema" / "sop").glob("*.yaml"))


def read_with(parser: str, path: Path) -> object:
    """What the loader makes of a file with one parser: data and every node's place, or the refusal."""
    load._Parser = load.PARSERS[parser]
    try:
        loaded = load.load_file(path)
        return loaded.data, loaded.pasted, list(nodes(loaded.node)) if loaded.node else None
    except load.LoadError as exc:
        return exc.message, exc.where, exc.hint
    finally:
        load._Parser = next(iter(load.PARSERS.values()))


def nodes(node: Node):
    yield node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column
    for child in node.value if isinstance(node.value, list) else ():
        for part in child if isinstance(child, tuple) else (child,):
            yield from nodes(part)


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")) + SAMPLES, ids=lambda p: p.name)
def test_the_pure_parser_reads_every_file_as_libyaml_does(path: Path):
    assert "libyaml" in load.PARSERS, "PyYAML without libyaml here: install it with its C extension"
    assert read_with("python", path) == read_with("libyaml", path)
