"""The demo site's criteria page at `/kriteria/` (and `/en/kriteria/`), with editorial guidance.

The guidance below is what a CMS editor would write around the framework: advice and worked
examples, never the rubric or evidence lists themselves (those are read from the framework).
"""

import json

from django.db import transaction

from assessment.models import Framework

from .criteria import CriteriaPage, IndicatorGuidance
from .home import ensure_home_page, ensure_locales

CRITERIA_SLUG = "kriteria"

PAGE_TEXT = {
    "id": {
        "title": "Kriteria KRPPA",
        "search_description": "Sepuluh indikator KRPPA, rubrik penilaian setiap indikator, dan bukti yang perlu "
                              "disiapkan kelurahan.",
        "intro": "<p>Inilah yang harus ditunjukkan kelurahan untuk menjadi KRPPA: sepuluh indikator, rubrik "
                 "penilaian setiap indikator, dan bukti yang perlu disiapkan. Angka dan daftar bukti di halaman "
                 "ini dibaca langsung dari kerangka penilaian yang dipakai peninjau kota dan provinsi.</p>",
    },
    "en": {
        "title": "KRPPA criteria",
        "search_description": "The ten KRPPA indicators, the rubric each is scored with, and the evidence a "
                              "kelurahan must prepare.",
        "intro": "<p>This is what a kelurahan must show to become a KRPPA: ten indicators, the rubric each is "
                 "scored with, and the evidence to prepare. The numbers and evidence lists on these pages are "
                 "read directly from the framework that city and provincial reviewers score with.</p>",
    },
}


def _guidance(text: str, example_title: str, example: str) -> str:
    return json.dumps([
        {"type": "text", "value": f"<p>{text}</p>"},
        {"type": "example", "value": {"title": example_title, "text": f"<p>{example}</p>"}},
    ])


# Indicator slug -> language -> (advice, example title, example).
GUIDANCE = {
    "pengorganisasian-perempuan-dan-anak": {
        "id": ("Yang dinilai bukan sekadar adanya SK, tetapi kelompok yang benar-benar berkegiatan. Siapkan notulen "
               "dan daftar hadir rapat selama 12 bulan terakhir, dan tunjukkan usulan forum anak atau kelompok "
               "perempuan yang masuk ke Musrenbang kelurahan.",
               "Contoh bukti yang kuat",
               "Notulen Musrenbang kelurahan yang mencatat usulan Forum Anak tentang penerangan gang menuju sekolah, "
               "beserta daftar hadir perwakilan anak."),
        "en": ("What counts is not a decree alone but groups that actually meet. Prepare the minutes and attendance "
               "lists of the last 12 months, and show the proposals from the children's forum or women's groups "
               "that reached the kelurahan Musrenbang.",
               "A strong piece of evidence",
               "Minutes of the kelurahan Musrenbang recording the children's forum's proposal for street lighting "
               "on the way to school, with the attendance list of the children's representatives."),
    },
    "data-pilah-perempuan-dan-anak": {
        "id": ("Profil perempuan dan anak memuat jumlah penduduk menurut jenis kelamin dan kelompok umur, serta data "
               "isu: anak tanpa akta kelahiran, anak putus sekolah, kasus kekerasan, perkawinan anak, dan perempuan "
               "kepala keluarga. Sebutkan sumber setiap angka (Dukcapil, puskesmas, sekolah, UPTD PPA) dan tanggal "
               "pemutakhirannya.",
               "Kesalahan yang sering terjadi",
               "Melampirkan data penduduk dari monografi kelurahan tanpa pemilahan umur dan jenis kelamin, atau data "
               "yang terakhir diperbarui lebih dari setahun lalu."),
        "en": ("A profile of women and children gives the population by sex and age group, and the issues: children "
               "without a birth certificate, children out of school, cases of violence, child marriages and women "
               "heads of household. Name the source of every figure (civil registry, health centre, schools, the "
               "UPTD PPA) and the date it was updated.",
               "A common mistake",
               "Attaching the population figures from the kelurahan monograph without a breakdown by age and sex, "
               "or data last updated more than a year ago."),
    },
    "peraturan-kebijakan-krppa": {
        "id": ("Unggah salinan SK Lurah yang sudah ditandatangani dan bernomor, bukan draf. Jika kota sudah memiliki "
               "Perwali tentang KRPPA atau DRPPA, cantumkan nomornya dan tunjukkan bagaimana SK Lurah merujuknya.",
               "Isi SK Lurah yang baik",
               "Penetapan kelurahan sebagai lokasi KRPPA, susunan gugus tugas (lurah, PKK, Relawan SAPA, tokoh "
               "agama, perwakilan forum anak), tugas masing-masing, dan sumber pembiayaannya."),
        "en": ("Upload a signed, numbered copy of the SK Lurah, not a draft. If the city already has a Perwali on "
               "KRPPA or DRPPA, give its number and show how the SK Lurah refers to it.",
               "What a good SK Lurah contains",
               "The kelurahan's designation as a KRPPA site, the task force (lurah, PKK, SAPA volunteers, religious "
               "leaders, a children's forum representative), each member's duties, and how the work is funded."),
    },
    "pembiayaan-dan-aset-krppa": {
        "id": ("Tunjukkan baris anggaran yang jelas untuk kegiatan perempuan dan anak di DPA kelurahan, lalu laporan "
               "realisasinya. Aset yang dipakai rutin — balai, ruang bermain ramah anak, pos pengaduan — juga "
               "dihitung; lampirkan foto dan jadwal pemakaiannya.",
               "Contoh",
               "DPA kelurahan memuat kelas pengasuhan dan sosialisasi pencegahan kekerasan; laporan realisasi "
               "menunjukkan 90% anggaran terserap, dengan daftar hadir setiap kegiatan."),
        "en": ("Show a clear budget line for women's and children's activities in the kelurahan's DPA, then the "
               "spending report. Assets in regular use — halls, child-friendly play spaces, a reporting post — "
               "count too; attach photos and the schedule of use.",
               "Example",
               "The kelurahan's DPA lists parenting classes and violence-prevention sessions; the spending report "
               "shows 90% of the budget used, with attendance lists for each activity."),
    },
    "keterwakilan-perempuan": {
        "id": ("Hitung persentase perempuan dari seluruh jabatan di kelurahan dan lembaga kemasyarakatan (LPM, RT/RW, "
               "Karang Taruna, PKK). Sajikan dalam tabel per lembaga agar peninjau dapat mencocokkan angkanya dengan "
               "SK pengangkatan.",
               "Cara menghitung",
               "Jika ada 120 jabatan dan 38 diisi perempuan, keterwakilannya 38 ÷ 120 = 31,7%. Tandai jabatan ketua "
               "dan pengambil keputusan secara terpisah."),
        "en": ("Work out the share of women across every post in the kelurahan office and its community institutions "
               "(LPM, RT/RW, Karang Taruna, PKK). Present it in a table per institution so the reviewer can check the "
               "figures against the appointment decrees.",
               "How to count",
               "If there are 120 posts and women hold 38 of them, representation is 38 ÷ 120 = 31.7%. Mark chairs "
               "and decision-making posts separately."),
    },
    "perempuan-wirausaha": {
        "id": ("Data sasaran tidak boleh memuat nama atau alamat penyintas kekerasan: cukup jumlah menurut kelompok. "
               "Bukti pelatihan dan akses modal dapat berasal dari dinas, bank penyalur KUR, BAZNAS, atau program "
               "CSR.",
               "Contoh",
               "Dua belas perempuan kepala keluarga mengikuti pelatihan pengolahan ikan dari dinas koperasi; lima di "
               "antaranya mendapat KUR dan produknya dijual di pasar kelurahan."),
        "en": ("Data on the target group must not contain the names or addresses of violence survivors: numbers by "
               "group are enough. Evidence of training and access to credit may come from city agencies, KUR lending "
               "banks, BAZNAS or CSR programmes.",
               "Example",
               "Twelve women heads of household took a fish-processing course run by the cooperatives office; five "
               "of them got a KUR loan and sell their products at the kelurahan market."),
    },
    "pengasuhan-berbasis-hak-anak": {
        "id": ("Cakupan akta kelahiran adalah jumlah anak 0–17 tahun yang memiliki akta dibagi seluruh anak 0–17 "
               "tahun, menurut data Dukcapil. Kelas pengasuhan dapat diselenggarakan bersama Puspaga, posyandu, "
               "atau PAUD.",
               "Contoh",
               "Kelas pengasuhan bulanan di posyandu dengan materi dari Puspaga kota, daftar hadir orang tua, dan "
               "catatan rujukan keluarga yang memerlukan konseling."),
        "en": ("Birth-certificate coverage is the number of children aged 0–17 with a certificate divided by all "
               "children aged 0–17, from the civil registry's data. Parenting classes can be run with the Puspaga "
               "family centre, the posyandu or PAUD.",
               "Example",
               "A monthly parenting class at the posyandu with material from the city's Puspaga, parents' attendance "
               "lists, and a record of families referred for counselling."),
    },
    "tidak-ada-kekerasan-dan-tppo": {
        "id": ("Jangan pernah mengunggah identitas korban. Catatan kasus cukup memuat nomor kasus, tanggal, jenis "
               "kekerasan, dan tindak lanjut (rujukan ke UPTD PPA, pendampingan). Pastikan warga mengetahui layanan "
               "SAPA 129 (telepon 129 atau WhatsApp 08111-129-129) dan nomor darurat 112.",
               "Alur rujukan yang baik",
               "Laporan diterima di pos pengaduan atau oleh Relawan SAPA → dicatat tanpa identitas korban → dirujuk "
               "ke UPTD PPA kota dalam 1×24 jam → didampingi sampai kasus selesai."),
        "en": ("Never upload a victim's identity. A case log needs only the case number, date, type of violence and "
               "follow-up (referral to the UPTD PPA, accompaniment). Make sure residents know the SAPA 129 service "
               "(call 129 or WhatsApp 08111-129-129) and the 112 emergency number.",
               "A sound referral path",
               "A report is received at the reporting post or by a SAPA volunteer → recorded without the victim's "
               "identity → referred to the city's UPTD PPA within 24 hours → accompanied until the case is closed."),
    },
    "tidak-ada-pekerja-anak": {
        "id": ("Pendataan pekerja anak dapat dilakukan bersama ketua RT/RW dan sekolah. Anak yang membantu orang tua "
               "dengan pekerjaan ringan di luar jam sekolah bukan pekerja anak; yang dinilai adalah pekerjaan "
               "berbahaya atau yang membuat anak tidak bersekolah.",
               "Contoh tindak lanjut",
               "Dua anak yang bekerja di pelabuhan kembali bersekolah melalui program kesetaraan, dan keluarganya "
               "dirujuk ke PKH."),
        "en": ("Child labour can be surveyed with the RT/RW heads and schools. Children helping their parents with "
               "light tasks outside school hours are not child labourers; what counts is hazardous work or work "
               "that keeps a child out of school.",
               "Example of follow-up",
               "Two children working at the harbour went back to school through an equivalency programme, and their "
               "families were referred to the PKH family-hope programme."),
    },
    "tidak-ada-perkawinan-anak": {
        "id": ("Batas usia perkawinan adalah 19 tahun bagi laki-laki dan perempuan (UU 16/2019). Mintalah data "
               "perkawinan menurut umur dari KUA dan data dispensasi kawin dari pengadilan agama, lalu cocokkan "
               "dengan surat pengantar nikah yang dikeluarkan kelurahan.",
               "Contoh kesepakatan",
               "Deklarasi pencegahan perkawinan anak yang ditandatangani lurah, kepala KUA, tokoh agama, ketua RT/RW, "
               "dan perwakilan forum anak, diikuti sosialisasi di majelis taklim dan sekolah."),
        "en": ("The minimum age of marriage is 19 for both men and women (Law 16/2019). Ask the KUA for marriages by "
               "age and the religious court for marriage dispensations, and check them against the marriage letters "
               "the kelurahan issued.",
               "An example agreement",
               "A declaration on preventing child marriage signed by the lurah, the head of the KUA, religious "
               "leaders, RT/RW heads and a children's forum representative, followed by awareness sessions at "
               "prayer groups and schools."),
    },
}


def _guidance_rows(framework: Framework, language: str) -> list[IndicatorGuidance]:
    slugs = framework.indicators.values_list("slug", flat=True)
    return [IndicatorGuidance(indicator_slug=slug, body=_guidance(*GUIDANCE[slug][language]))
            for slug in slugs if slug in GUIDANCE]


@transaction.atomic
def ensure_criteria_page(framework: Framework) -> CriteriaPage:
    """Publish `framework` at `/kriteria/` under the home page, and its English translation; idempotent."""
    home = ensure_home_page()
    locales = ensure_locales()
    page = CriteriaPage.objects.child_of(home).filter(slug=CRITERIA_SLUG).first()
    if page is None:
        text = PAGE_TEXT["id"]
        page = CriteriaPage(slug=CRITERIA_SLUG, framework=framework, locale=locales["id"], **text)
        page.indicator_guidance = _guidance_rows(framework, "id")
        home.add_child(instance=page)
        page.save_revision().publish()
    if not page.has_translation(locales["en"]):
        english = page.copy_for_translation(locales["en"])
        for field, value in PAGE_TEXT["en"].items():
            setattr(english, field, value)
        english.indicator_guidance = _guidance_rows(framework, "en")
        english.save_revision().publish()
    return page
