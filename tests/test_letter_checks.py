"""Facts in a letter must agree with the record (issue 11, point 3; issue 23): one bad record per
inconsistency, and the exact lines `jejak validate` shows for it.

Each bad record is a sample (or the new test event of tests/kegiatan_baru/) with one change, on
two fields where the class has two (the undangan and the pengantar, two deliveries, two
participants ...). The office record gets the new event's Plh. terms (tests/new_event.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from new_event import with_acting_officials

from generator.cli.main import main

BAD = Path(__file__).parent / "bad_records" / "surat"

EXPECTED = {
    "2024-undangan-sebelum-konsep": [
        "112:57: galat: Surat Undangan bertanggal 30 Januari 2024, sebelum ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "112:57: galat: Surat Undangan bertanggal 30 Januari 2024, sebelum konsepnya disusun "
        "(langkah 4 dimulai 31 Januari 2024)",
        "  saran: tanggal surat adalah hari penandatanganannya; periksa 'penomoran.undangan.tanggal'",
    ],
    "2024-undangan-sebelum-ttd": [
        "112:57: galat: Surat Undangan bertanggal 31 Januari 2024, sebelum ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
    ],
    "2024-nomor-tahun-lain": [
        "112:25: galat: nomor Surat Undangan '500.15.4/021/BLK/2023' berakhir dengan tahun 2023, "
        "padahal surat bertanggal 1 Februari 2024",
        "  saran: nomor naskah memuat tahun penandatanganannya: ganti akhir nomor menjadi '/2024'",
    ],
    "2024-keputusan-sesudah-pelatihan": [  # one wrong date, four contradictions (issue 23 added three)
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah Surat Pengantar yang melampirkannya "
        "(1 Februari 2024)",
        "  saran: naskah yang dilampirkan sudah ditandatangani sebelum surat yang melampirkannya; periksa "
        "'penomoran.keputusan.tanggal' dan 'penomoran.pengantar.tanggal'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah panitia mulai bekerja (langkah 8 dimulai "
        "26 Februari 2024)",
        "  saran: panitia bekerja berdasarkan Keputusan yang membentuknya: Keputusan ditandatangani paling lambat "
        "hari itu; periksa 'penomoran.keputusan.tanggal'",
        "120:63: galat: Keputusan bertanggal 5 Maret 2024, sesudah pelatihan dimulai (4 Maret 2024)",
        "  saran: Keputusan disusun dan ditandatangani sebelum pelatihan; periksa 'penomoran.keputusan.tanggal' "
        "dan 'jadwal'",
    ],
    "2024-laporan-nomor-lama": [
        "217:11: galat: laporan mengutip Keputusan Nomor 500.15.4/019/KPTS/BLK/2024, padahal nomor Keputusan "
        "di langkah 5 adalah 500.15.4/023/KPTS/BLK/2024",
        "  saran: hapus butir ini: Jejak mengutip Keputusan dari langkah 5 beserta tanggalnya",
    ],
    "2025-penanda-tangan-lama": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala "
        "Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar "
        "dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        *(
            f"{place}: galat: {label} bertanggal 4 September 2025 ditandatangani Drs. H. Ahmad Fauzi, M.Si., yang "
            "tidak menjabat Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja pada "
            "tanggal itu\n  saran: yang menjabat pada tanggal itu: nurhayati; Jejak tidak mengganti penanda "
            f"tangan diam-diam\n{place}: galat: {label} bertanggal 4 September 2025, sesudah ditandatangani "
            "(31 Juli 2025 pukul 15.00)\n  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan "
            "'tanda_tangan.waktu'"
            for place, label in (("156:18", "Surat Undangan"), ("164:18", "Surat Pengantar"), ("171:63", "Keputusan"))
        ),
    ],
    "2026-paraf-saat-plh": [
        "106:19: galat: 'paraf.oleh' diisi Yusuf Hidayat, S.T., M.M., padahal pada 15 September 2026 Kepala Bidang "
        "Balai Latihan Kerja dijabat Plh. Rina Wulandari, S.E.",
        "  saran: isi 'paraf.oleh: rina-wulandari'; selama ada Plh. pejabat definitif berhalangan",
    ],
    "2024-ub-staf": [
        "110:26: galat: 'tanda_tangan.oleh' diisi Dedi Kurniawan, A.Md., padahal harus Kepala Dinas yang menjabat "
        "pada 1 Februari 2024",
        "  saran: yang menjabat: ahmad-fauzi",
        "110:26: galat: Dedi Kurniawan, A.Md. (Staf Bidang Balai Latihan Kerja) tidak berwenang menandatangani surat "
        "atas nama Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja",
        "  saran: a.n. dan u.b. hanya untuk pejabat; staf tidak menandatangani surat atas nama pimpinan",
    ],
    "2024-nomor-satu-untuk-semua": [
        "113:26: galat: Surat Pengantar dikirim ke 4 tujuan tetapi hanya dicatat satu nomor (500.15.4/022/BLK/2024); "
        "satu naskah satu nomor",
        "  saran: catat nomor setiap surat di 'penomoran.pengantar.per_tujuan' (- {tujuan: …, nomor: …})",
    ],
    # --- issue 23: each class of contradiction, written once per field kind ---
    "2026-plh-menjadi-an": [
        "167:26: galat: Keputusan ditandatangani Hj. Nurhayati, S.H., M.M. a.n. Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja",
        "  saran: Keputusan ditetapkan dan ditandatangani sendiri oleh Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja (atau Plt./Plh.-nya), tidak atas nama (a.n.); catat penanda tangannya di 'tanda_tangan.oleh'",
        "170:18: galat: Surat Undangan bertanggal 15 Juli 2026, sesudah ditandatangani (14 Juli 2026 pukul 10.00)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'; pada 15 Juli 2026 blok tanda tangan berubah dari 'Plh. Kepala Dinas' menjadi 'a.n. Kepala Dinas'",
        "179:18: galat: Surat Pengantar bertanggal 15 Juli 2026, sesudah ditandatangani (14 Juli 2026 pukul 10.00)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'; pada 15 Juli 2026 blok tanda tangan berubah dari 'Plh. Kepala Dinas' menjadi 'a.n. Kepala Dinas'",
        "187:63: galat: Keputusan bertanggal 15 Juli 2026, sesudah ditandatangani (14 Juli 2026 pukul 10.00)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'; pada 15 Juli 2026 blok tanda tangan berubah dari 'Plh. Kepala Dinas' menjadi 'a.n. Kepala Dinas'",
        "205:14: peringatan: langkah 7 memakan waktu 11 hari kerja 7 jam, melebihi waktu baku SOP (1 minggu kerja)",
        "  saran: catatan langkah ini: Batas jawaban 31 Juli 2026; jawaban terakhir (Kabupaten Muara Enim) diterima pada hari itu.",
        "299:14: peringatan: langkah 9 memakan waktu 12 hari kerja 8 jam, melebihi waktu baku SOP (3 hari kerja)",
        "  saran: catatan langkah ini: Pelatihan 13 hari kerja sesuai rencana kerja; waktu baku SOP (3 hari) untuk pelatihan pendek.",
    ],
    "2024-surat-sesudah-ttd": [
        "112:57: galat: Surat Undangan bertanggal 2 Februari 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "114:18: galat: Surat Pengantar bertanggal 2 Februari 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
    ],
    "2024-lampiran-sesudah-pengantar": [
        "112:57: galat: Surat Undangan bertanggal 2 Februari 2024, sesudah Surat Pengantar yang melampirkannya (1 Februari 2024)",
        "  saran: naskah yang dilampirkan sudah ditandatangani sebelum surat yang melampirkannya; periksa 'penomoran.undangan.tanggal' dan 'penomoran.pengantar.tanggal'",
        "112:57: galat: Surat Undangan bertanggal 2 Februari 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
        "120:63: galat: Keputusan bertanggal 2 Februari 2024, sesudah Surat Pengantar yang melampirkannya (1 Februari 2024)",
        "  saran: naskah yang dilampirkan sudah ditandatangani sebelum surat yang melampirkannya; periksa 'penomoran.keputusan.tanggal' dan 'penomoran.pengantar.tanggal'",
        "120:63: galat: Keputusan bertanggal 2 Februari 2024, sesudah ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'tanda_tangan.waktu'",
    ],
    "2025-laporan-tahun-lain": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        "300:14: galat: nomor Laporan Pelaksanaan Pelatihan '500.15.4/121/BLK/2024' berakhir dengan tahun 2024, padahal surat bertanggal 7 Oktober 2025",
        "  saran: nomor naskah memuat tahun penandatanganannya: ganti akhir nomor menjadi '/2025'",
        "301:16: galat: Laporan Pelaksanaan Pelatihan bertanggal 7 Oktober 2025, sebelum konsepnya disusun (langkah 10 dimulai 9 Oktober 2025)",
        "  saran: tanggal surat adalah hari penandatanganannya; periksa 'laporan.tanggal'",
        "301:16: galat: Laporan Pelaksanaan Pelatihan bertanggal 7 Oktober 2025, sebelum pelatihan selesai (8 Oktober 2025)",
        "  saran: Laporan Pelaksanaan Pelatihan dibuat sesudah pelatihan selesai; periksa 'laporan.tanggal' dan 'jadwal'",
    ],
    "2024-klasifikasi-beda": [
        "71:22: galat: kode klasifikasi Surat Undangan '500.15', padahal nomornya diawali '500.15.4'",
        "  saran: kode klasifikasi dicetak di nomor surat: samakan 'surat.undangan.klasifikasi' dengan awal 'penomoran.undangan.nomor', atau perbaiki nomornya",
        "88:22: galat: kode klasifikasi Surat Pengantar '800', padahal nomornya diawali '500.15.4'",
        "  saran: kode klasifikasi dicetak di nomor surat: samakan 'surat.pengantar.klasifikasi' dengan awal 'penomoran.pengantar.per_tujuan', atau perbaiki nomornya",
    ],
    "2024-batas-sebelum-surat": [
        "112:57: galat: Surat Undangan bertanggal 1 Februari 2024, sesudah batas jawaban yang ditulisnya (31 Januari 2024)",
        "  saran: penerima perlu waktu untuk menjawab: batas jawaban jatuh sesudah tanggal surat; periksa 'penomoran.undangan.tanggal' dan 'surat.undangan.batas_jawaban'",
    ],
    "2024-batas-sesudah-mulai": [
        "80:24: galat: batas jawaban 5 Maret 2024 tidak sebelum pelatihan dimulai (4 Maret 2024)",
        "  saran: jawaban diterima sebelum pelatihan dimulai; majukan 'surat.undangan.batas_jawaban'",
    ],
    "2024-kirim-sebelum-ttd": [
        "128:44: galat: pengiriman ke Kabupaten Lahat bertanggal 31 Januari 2024, sebelum Surat Pengantar ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan 'penomoran.pengantar.tanggal'",
        "128:44: galat: pengiriman ke Kabupaten Lahat bertanggal 31 Januari 2024, sebelum Surat Undangan ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan 'penomoran.undangan.tanggal'",
        "130:49: galat: pengiriman ke Kabupaten Muara Enim bertanggal 31 Januari 2024, sebelum Surat Pengantar ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan 'penomoran.pengantar.tanggal'",
        "130:49: galat: pengiriman ke Kabupaten Muara Enim bertanggal 31 Januari 2024, sebelum Surat Undangan ditandatangani (1 Februari 2024 pukul 10.05)",
        "  saran: surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan 'penomoran.undangan.tanggal'",
    ],
    "2024-jawaban-sebelum-undangan": [
        "141:18: galat: jawaban dari Kabupaten Lahat (nomor 560/045/Disnaker/2024) bertanggal 30 Januari 2024, sebelum Surat Undangan yang dijawabnya (1 Februari 2024)",
        "  saran: surat jawaban ditulis sesudah surat yang dijawabnya diterima; periksa tanggal surat jawaban ini",
        "148:18: galat: jawaban dari Kabupaten Empat Lawang (nomor 560/112/Disnakertrans/2024) bertanggal 1 Februari 2024, sebelum Surat Undangan dikirim ke Kabupaten Empat Lawang (2 Februari 2024)",
        "  saran: surat jawaban ditulis sesudah surat yang dijawabnya diterima; periksa tanggal surat jawaban ini",
    ],
    "2024-jawaban-bukan-tujuan": [
        "28:34: galat: peserta Rini Oktaviani tercatat berasal dari Kabupaten Muara Enim, padahal diusulkan oleh Kabupaten Ogan Ilir (surat jawaban 560/078/Disnakertrans/2024)",
        "  saran: samakan asalnya dengan surat jawaban 560/078/Disnakertrans/2024",
        "29:27: galat: peserta Susanti tercatat berasal dari Kabupaten Muara Enim, padahal diusulkan oleh Kabupaten Ogan Ilir (surat jawaban 560/078/Disnakertrans/2024)",
        "  saran: samakan asalnya dengan surat jawaban 560/078/Disnakertrans/2024",
        "153:15: galat: jawaban dari Kabupaten Ogan Ilir, padahal Surat Undangan tidak dikirim ke Kabupaten Ogan Ilir",
        "  saran: Surat Undangan ditujukan ke Kabupaten Lahat, Kabupaten Empat Lawang, Kabupaten Muara Enim, Kota Pagar Alam; periksa asal surat jawaban ini",
    ],
    "2024-peserta-wilayah-asing": [
        "28:32: galat: peserta Rina Marlina berasal dari Kota Palembang, yang tidak diundang dan tidak mengusulkan calon",
        "  saran: yang diundang: Kabupaten Empat Lawang, Kabupaten Lahat, Kabupaten Muara Enim, Kota Pagar Alam; periksa asal peserta ini",
        "29:27: galat: peserta Suryani berasal dari Kota Prabumulih, yang tidak diundang dan tidak mengusulkan calon",
        "  saran: yang diundang: Kabupaten Empat Lawang, Kabupaten Lahat, Kabupaten Muara Enim, Kota Pagar Alam; periksa asal peserta ini",
    ],
    "2024-peserta-beda-jawaban": [
        "18:31: galat: peserta Siti Aminah tercatat berasal dari Kabupaten Empat Lawang, padahal diusulkan oleh Kabupaten Lahat (surat jawaban 560/045/Disnaker/2024)",
        "  saran: samakan asalnya dengan surat jawaban 560/045/Disnaker/2024",
        "20:66: galat: jenis kelamin peserta Rahmat Hidayat tercatat P, padahal di surat jawaban 560/045/Disnaker/2024 dari Kabupaten Lahat L",
        "  saran: samakan jenis kelamin dengan surat jawaban 560/045/Disnaker/2024, atau perbaiki surat jawaban yang dicatat",
    ],
    "2024-peserta-ganda": [
        "29:12: galat: 'Siti  Aminah' tercantum dua kali di 'peserta' (butir 1 dan 12)",
        "  saran: hapus salah satunya; dua orang yang bernama sama dibedakan dengan nama lengkapnya",
        "158:20: galat: 'Rini Oktaviani' tercantum dua kali di langkah 7, 'jawaban' butir 3, 'calon' (butir 1 dan 2)",
        "  saran: hapus salah satunya; dua orang yang bernama sama dibedakan dengan nama lengkapnya",
    ],
    "2024-melebihi-kuota-wilayah": [
        "27:33: galat: peserta dari Kota Pagar Alam lebih dari 3 orang, padahal Surat Undangan meminta paling banyak 3 orang dari setiap tujuan",
        "  saran: kurangi peserta dari Kota Pagar Alam, atau perbaiki 'surat.undangan.kuota_per_tujuan' bila Surat Undangan memang meminta lebih",
    ],
    "2024-panitia-rangkap": [
        "16:13: galat: Rina Wulandari, S.E. tercantum dua kali di 'panitia': sebagai Ketua dan Bendahara",
        "  saran: satu orang memegang satu jabatan dalam susunan ini; tunjuk orang lain untuk salah satunya",
        "18:12: galat: marlina tercantum dua kali di 'panitia': sebagai Instruktur dan Instruktur Pendamping",
        "  saran: satu orang memegang satu jabatan dalam susunan ini; tunjuk orang lain untuk salah satunya",
        "18:12: peringatan: 'panitia' butir 7, 'nama': nama 'marlina' ditulis dengan huruf kecil",
        "  saran: nama dicetak seperti ditulis; tulis huruf kapital di awal setiap kata: 'Marlina'",
    ],
    "2025-pengarah-purnatugas": [
        "12:13: galat: Drs. H. Ahmad Fauzi, M.Si. (Pengarah) tidak menjabat di kantor pada 4 September 2025: masa jabatannya berakhir 31 Juli 2025",
        "  saran: susunan ini hanya memuat pegawai yang menjabat; ganti dengan pejabat yang menjabat, atau tulis sebagai anggota dari luar kantor (nama dan instansi)",
        "147:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
    ],
    "2024-pimpinan-tidak-hadir": [
        "175:17: galat: 'rapat.pimpinan' diisi Yusuf Hidayat, S.T., M.M., yang tidak ada di 'rapat.hadir'",
        "  saran: tambahkan 'yusuf-hidayat' ke 'rapat.hadir', atau perbaiki 'rapat.pimpinan'",
        "176:16: galat: 'rapat.notulis' diisi Dedi Kurniawan, A.Md., yang tidak ada di 'rapat.hadir'",
        "  saran: tambahkan 'dedi-kurniawan' ke 'rapat.hadir', atau perbaiki 'rapat.notulis'",
    ],
    "2025-realisasi-melebihi": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        "333:70: galat: realisasi 'Bahan praktik (elektroda dan pelat baja)' Rp49.250.000,00 melebihi rencananya Rp32.000.000,00",
        "  saran: realisasi tidak boleh melebihi anggaran; periksa jumlah ini, atau rincian 'anggaran' langkah 1 bila anggarannya memang sudah diubah",
        "334:58: galat: realisasi 'Konsumsi peserta dan panitia' Rp11.300.000,00 melebihi rencananya Rp11.250.000,00",
        "  saran: realisasi tidak boleh melebihi anggaran; periksa jumlah ini, atau rincian 'anggaran' langkah 1 bila anggarannya memang sudah diubah",
    ],
    "2025-realisasi-kurang": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        "332:9: galat: langkah 10, 'laporan.realisasi' tidak memuat rincian 'Alat pelindung diri peserta' dari 'anggaran'",
        "  saran: tulis setiap rincian anggaran; yang tidak terpakai ditulis `- {uraian: Alat pelindung diri peserta, jumlah: 0}`",
        "332:9: galat: langkah 10, 'laporan.realisasi' tidak memuat rincian 'Honorarium instruktur' dari 'anggaran'",
        "  saran: tulis setiap rincian anggaran; yang tidak terpakai ditulis `- {uraian: Honorarium instruktur, jumlah: 0}`",
    ],
    "2025-hadir-melebihi": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        "282:14: galat: langkah 9, 'pelaksanaan.hadir' 16 melebihi banyaknya peserta (15 orang)",
        "  saran: jumlah ini tidak boleh lebih dari banyaknya peserta di 'peserta'; periksa angkanya",
        "287:40: galat: langkah 9, 'pelaksanaan.kehadiran' butir 2, 'hadir' 17 melebihi banyaknya peserta (15 orang)",
        "  saran: jumlah ini tidak boleh lebih dari banyaknya peserta di 'peserta'; periksa angkanya",
    ],
    "2024-hasil-melebihi": [
        "198:14: galat: 'pelaksanaan.lulus' 11 dan 'pelaksanaan.belum_kompeten' 2 orang berjumlah 13, melebihi banyaknya peserta (12 orang)",
        "  saran: setiap peserta hanya masuk salah satunya; periksa angka dan daftar nama ini",
        "222:14: galat: langkah 10, 'laporan.hasil' menyebut 1 orang belum kompeten, padahal 'pelaksanaan.belum_kompeten' 2",
        "  saran: samakan angka di teks ini dengan 'pelaksanaan.belum_kompeten', atau perbaiki 'pelaksanaan.belum_kompeten'",
    ],
    "2025-angka-beda-huruf": [
        "121:24: galat: langkah 4, 'surat.pengantar.isi' butir 3, 'banyaknya': '7 (delapan)' menulis 7 dengan huruf 'delapan'",
        "  saran: angka dan hurufnya harus sama: '7 (tujuh)', atau perbaiki angkanya",
        "135:24: galat: langkah 4, 'surat.keputusan.tugas_panitia': '12 (tiga belas)' menulis 12 dengan huruf 'tiga belas'",
        "  saran: angka dan hurufnya harus sama: '12 (dua belas)', atau perbaiki angkanya",
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
    ],
    "2025-teks-beda-jumlah": [
        "146:14: peringatan: langkah 5 memakan waktu 1 hari kerja 1 jam, melebihi waktu baku SOP (5 menit)",
        "  saran: catatan langkah ini: Konsep diparaf Kepala Bidang pada 3 September 2025 pukul 09.04. Plt. Kepala Dinas mengikuti rapat koordinasi ketenagakerjaan di Palembang sampai sore hari, sehingga surat pengantar dan Keputusan baru ditandatangani pada 4 September 2025 pukul 10.00.",
        "321:14: galat: langkah 10, 'laporan.hasil' menyebut 13 orang kompeten, padahal 'pelaksanaan.lulus' 14",
        "  saran: samakan angka di teks ini dengan 'pelaksanaan.lulus', atau perbaiki 'pelaksanaan.lulus'",
        "321:14: galat: langkah 10, 'laporan.hasil' menyebut 2 orang belum kompeten, padahal 'pelaksanaan.belum_kompeten' 1",
        "  saran: samakan angka di teks ini dengan 'pelaksanaan.belum_kompeten', atau perbaiki 'pelaksanaan.belum_kompeten'",
        "340:11: galat: langkah 10, 'laporan.tindak_lanjut' butir 1 menyebut 12 orang kompeten, padahal 'pelaksanaan.lulus' 14",
        "  saran: samakan angka di teks ini dengan 'pelaksanaan.lulus', atau perbaiki 'pelaksanaan.lulus'",
    ],
    "2026-hadir-hari-libur": [
        "205:14: peringatan: langkah 7 memakan waktu 11 hari kerja 7 jam, melebihi waktu baku SOP (1 minggu kerja)",
        "  saran: catatan langkah ini: Batas jawaban 31 Juli 2026; jawaban terakhir (Kabupaten Muara Enim) diterima pada hari itu.",
        "299:14: peringatan: langkah 9 memakan waktu 12 hari kerja 8 jam, melebihi waktu baku SOP (3 hari kerja)",
        "  saran: catatan langkah ini: Pelatihan 13 hari kerja sesuai rencana kerja; waktu baku SOP (3 hari) untuk pelatihan pendek.",
        "318:21: galat: langkah 9, 'pelaksanaan.kehadiran' butir 6, 'tanggal' Senin, 17 Agustus 2026 bukan hari kerja (Hari Kemerdekaan Republik Indonesia)",
        "  saran: pelatihan berjalan pada hari kerja di dalam 'jadwal', satu butir untuk setiap hari; periksa tanggal ini",
        "326:21: galat: langkah 9, 'pelaksanaan.kehadiran' butir 14, 'tanggal' Sabtu, 29 Agustus 2026 di luar jadwal pelatihan (10 s.d. 28 Agustus 2026)",
        "  saran: pelatihan berjalan pada hari kerja di dalam 'jadwal', satu butir untuk setiap hari; periksa tanggal ini",
    ],
    "2024-alamat-beda-wilayah": [
        "75:96: galat: langkah 4, 'surat.undangan.kepada' butir 1, 'di' 'Muara Enim' menyebut Kabupaten Muara Enim, padahal 'wilayah' butir ini Kabupaten Lahat",
        "  saran: satu alamat satu Kabupaten/Kota: samakan 'di' dengan 'wilayah', atau perbaiki 'wilayah'",
        "129:96: galat: langkah 6, 'pengiriman' butir 2, 'penerima' 'Sekretariat Dinas Tenaga Kerja Kabupaten Lahat' menyebut Kabupaten Lahat, padahal 'tujuan' butir ini Kabupaten Empat Lawang",
        "  saran: satu alamat satu Kabupaten/Kota: samakan 'penerima' dengan 'tujuan', atau perbaiki 'tujuan'",
    ],
    "2024-nama-gelar": [
        "16:12: peringatan: 'panitia' butir 5, 'nama': nama 'Sdri. Marlina' diawali sapaan 'Sdri.'",
        "  saran: tulis namanya saja: 'Marlina'; surat menambahkan sapaannya sendiri",
        "25:12: peringatan: 'peserta' butir 8, 'nama': gelar 'S.Kom.' ditulis di depan nama 'S.Kom. Ahmad Ridwan'",
        "  saran: gelar akademik ditulis di belakang nama, dipisah koma: 'Ahmad Ridwan, S.Kom.'",
        "26:12: peringatan: 'peserta' butir 9, 'nama': nama 'maya puspita' ditulis dengan huruf kecil",
        "  saran: nama dicetak seperti ditulis; tulis huruf kapital di awal setiap kata: 'Maya Puspita'",
        "164:20: peringatan: langkah 7, 'jawaban' butir 4, 'calon' butir 2, 'nama': gelar 'S.Kom.' ditulis di depan nama 'S.Kom. Ahmad Ridwan'",
        "  saran: gelar akademik ditulis di belakang nama, dipisah koma: 'Ahmad Ridwan, S.Kom.'",
    ],
}


def test_corpus_is_complete() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_letter_inconsistency_message(name: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = project / "records" / name[:4]
    for sample in year.glob("*.yaml"):  # the sample it was made from would hold the same numbers
        sample.unlink()
    target = year / f"{name}.yaml"
    shutil.copy(BAD / f"{name}.yaml", target)
    with_acting_officials(project)
    code = main(["validate", "--repo", str(project), str(target)])
    out = capsys.readouterr().out
    prefix = f"records/{name[:4]}/{name}.yaml:"
    lines = [line for line in out.splitlines()[:-1] if not line.startswith("  isian: ")]  # fields: corpus test
    shown = "\n".join(line.removeprefix(prefix) for line in lines)
    assert shown == "\n".join(EXPECTED[name])
    assert code == (1 if ": galat: " in shown else 0)  # names with titles are warnings only


@pytest.mark.parametrize("name", ["2024-ub-staf", "2025-penanda-tangan-lama"])
def test_a_refused_signer_is_never_replaced_in_the_letter(name: str, project: Path) -> None:
    """The letter is not made (with the reason) rather than signed by someone else."""
    from generator.documents.render import list_documents
    from generator.records.workspace import load_workspace

    shutil.copy(BAD / f"{name}.yaml", project / "records" / name[:4] / f"{name}.yaml")
    workspace = load_workspace(project)
    event = workspace.event(name)
    assert event is not None
    letters = [d for d in list_documents(workspace, event) if d.kind in ("undangan", "pengantar", "keputusan")]
    assert letters and not any(d.ready for d in letters)
    assert all("penanda tangan tidak diganti diam-diam" in (d.reason or "") for d in letters)


def test_letters_the_head_signs_carry_the_dinas_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With `naskah.kode_dinas` set, a number the Kepala Dinas signs without it is refused."""
    office = project / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(text.replace("  # kode_dinas: DPMPTSPTK", "  kode_dinas: DPMPTSPTK"), encoding="utf-8")
    target = project / "records" / "2024" / "2024-menjahit-1.yaml"
    assert main(["validate", "--repo", str(project), str(target)]) == 1
    out = "\n".join(line for line in capsys.readouterr().out.splitlines() if not line.startswith("  isian: "))
    assert (
        "records/2024/2024-menjahit-1.yaml:112:25: galat: nomor Surat Undangan '500.15.4/021/BLK/2024' tidak memuat "
        "kode dinas 'DPMPTSPTK', padahal ditandatangani Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu "
        "dan Tenaga Kerja\n  saran: surat yang ditandatangani Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu "
        "Pintu dan Tenaga Kerja memakai kode dinas, misalnya '500.15.4/021/DPMPTSPTK/2024'"
    ) in out


# --- the same rules in a second SOP (tests/second_sop/), by its own field names ---------------

SECOND = Path(__file__).parent / "second_sop"
LPK = "records/2026/2026-izin-lpk-maju-1.yaml"


def second_sop_with(project: Path, izin: str, *extra: str) -> Path:
    """The second SOP's sample with step 3 done (its permit, signature and hand-over as given)."""
    shutil.copytree(SECOND, project, dirs_exist_ok=True)
    record = project / LPK
    text = record.read_text(encoding="utf-8")
    done = (
        "    status: selesai\n    rencana: 2026-10-15\n    mulai: 2026-10-15 08:00\n    selesai: 2026-10-16 14:00\n"
        f"    izin: {izin}\n    pengesahan: {{oleh: bambang-setiawan, waktu: 2026-10-15 13:30}}\n"
    )
    text = text.replace("    status: berjalan\n    rencana: 2026-10-15\n    mulai: 2026-10-15 08:00\n", done)
    for old, new in zip(extra[::2], extra[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new)
    record.write_text(text, encoding="utf-8")
    return record


def shown(project: Path, record: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["validate", "--repo", str(project), str(record)])
    lines = capsys.readouterr().out.splitlines()[:-1]
    return [line.removeprefix(f"{LPK}:") for line in lines if not line.startswith("  isian: ")]  # corpus test


def test_a_consistent_second_sop_record_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = second_sop_with(
        project,
        "{nomor: 500.15.4/041/IZIN-LPK/2026, tanggal: 2026-10-15, berlaku: 3, kode_arsip: '500.15.4'}",
        "    oleh: bambang-setiawan\n",
        "    oleh: bambang-setiawan\n    penyerahan:\n      - {tanggal: 2026-10-16, diterima_oleh: 'Hendra Wijaya, S.E.'}\n",
        "      berkas_lengkap: true\n",
        "      berkas_lengkap: true\n      pemohon: Drs. Hendra Wijaya, M.M.\n",
    )
    assert shown(project, record, capsys) == [
        "34:14: peringatan: langkah 3 memakan waktu 1 hari kerja 6 jam, melebihi waktu baku SOP (1 hari kerja)",
        "  saran: bila ada sebabnya, tuliskan di 'catatan' langkah ini",
    ]


def test_the_rules_hold_in_the_second_sop(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its permit dated after its signature, handed over before it was signed, an archive code
    against its number, a name with its degree in front and figures against words: the same rules,
    through the second SOP's own kinds (`izin`, `pengesahan`, `penyerahan`, `kode_arsip`, `pemohon`)."""
    record = second_sop_with(
        project,
        "{nomor: 500.15.4/041/IZIN-LPK/2026, tanggal: 2026-10-16, berlaku: 3, kode_arsip: '500.15'}",
        "    oleh: bambang-setiawan\n",
        "    oleh: bambang-setiawan\n    penyerahan:\n      - {tanggal: 2026-10-14, diterima_oleh: hendra wijaya}\n",
        "      berkas_lengkap: true\n",
        "      berkas_lengkap: true\n      pemohon: S.E. Hendra Wijaya\n",
        "Ruang praktik memuat 12 mesin jahit",
        "Ruang praktik memuat 12 (sebelas) mesin jahit",
    )
    assert shown(project, record, capsys) == [
        "19:16: peringatan: langkah 1, 'permohonan.pemohon': gelar 'S.E.' ditulis di depan nama 'S.E. Hendra Wijaya'",
        "  saran: gelar akademik ditulis di belakang nama, dipisah koma: 'Hendra Wijaya, S.E.'",
        "28:16: galat: langkah 2, 'peninjauan.temuan' butir 1: '12 (sebelas)' menulis 12 dengan huruf 'sebelas'",
        "  saran: angka dan hurufnya harus sama: '12 (dua belas)', atau perbaiki angkanya",
        "34:14: peringatan: langkah 3 memakan waktu 1 hari kerja 6 jam, melebihi waktu baku SOP (1 hari kerja)",
        "  saran: bila ada sebabnya, tuliskan di 'catatan' langkah ini",
        "35:56: galat: Surat Izin Penyelenggaraan Pelatihan bertanggal 16 Oktober 2026, sesudah ditandatangani "
        "(15 Oktober 2026 pukul 13.30)",
        "  saran: surat diberi tanggal pada hari ditandatangani; samakan dengan 'pengesahan.waktu'",
        "35:92: galat: kode klasifikasi Surat Izin Penyelenggaraan Pelatihan '500.15', padahal nomornya diawali "
        "'500.15.4'",
        "  saran: kode klasifikasi dicetak di nomor surat: samakan 'izin.kode_arsip' dengan awal 'izin.nomor', "
        "atau perbaiki nomornya",
        "39:19: galat: penyerahan izin bertanggal 14 Oktober 2026, sebelum Surat Izin Penyelenggaraan Pelatihan "
        "ditandatangani (15 Oktober 2026 pukul 13.30)",
        "  saran: surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan 'izin.tanggal'",
        "39:46: peringatan: langkah 3, 'penyerahan' butir 1, 'diterima_oleh': nama 'hendra wijaya' ditulis dengan "
        "huruf kecil",
        "  saran: nama dicetak seperti ditulis; tulis huruf kapital di awal setiap kata: 'Hendra Wijaya'",
    ]


# --- an SOP's new kinds are checked with the SOP file's line -----------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "kode_arsip: {title: Kode klasifikasi, type: string, jenis: kode_klasifikasi,",
            "kode_arsip: {title: Kode klasifikasi, type: string, jenis: kode_klasifikasi,",
            None,
        ),
        (
            "      pengesahan:\n",
            "      nomor_arsip: {title: Kode, type: string, jenis: kode_klasifikasi}\n      pengesahan:\n",
            "isian 'nomor_arsip' berjenis kode_klasifikasi (kode klasifikasi arsip surat tempatnya berada) tidak "
            "berada di dalam isian berjenis konsep atau surat",
        ),
        (
            "petugas: {title: Petugas peninjau, type: string, jenis: orang,",
            "petugas: {title: Petugas peninjau, type: string, jenis: orang, tercantum_di: peninjauan.temuan,",
            "isian 'peninjauan.petugas': tercantum_di 'peninjauan.temuan' bukan daftar orang di langkah yang sama",
        ),
        (
            "        dokumen: surat-izin\n        ditandatangani: pengesahan\n",
            "        dokumen: surat-izin\n        ditandatangani: pengesahan\n        membentuk: lembaga\n",
            "isian 'izin': membentuk 'lembaga' tidak ada di SOP ini",
        ),
    ],
    ids=["sah", "di-luar-konsep", "bukan-daftar-orang", "bukan-panitia"],
)
def test_an_sops_new_kinds_are_checked(project: Path, capsys, old: str, new: str, message: str | None) -> None:
    shutil.copytree(SECOND, project, dirs_exist_ok=True)
    path = project / "schema" / "sop" / "pelayanan-izin-lpk.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code = main(["validate", "--repo", str(project)])
    out = capsys.readouterr().out.splitlines()
    sop_lines = [line for line in out if line.startswith("schema/sop/pelayanan-izin-lpk.yaml:")]
    if message is None:
        assert code == 0 and sop_lines == []
    else:
        assert code == 1 and any(message in line for line in sop_lines), out
