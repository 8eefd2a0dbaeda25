//! `warung --help` in Indonesian. The English help is the doc comments on the clap
//! definitions; for an Indonesian user [`in_indonesian`] rewrites the whole command tree
//! before parsing: every command's about, every argument's help, clap's own `-h`,
//! `-V` and `help`, the section headings, the usage line's `[OPTIONS]` and `<COMMAND>`,
//! and the `[default: …]` / `[possible values: …]` notes. Command names, option names,
//! value names (PATH, FILE, …) and possible values stay as they are: they are the
//! command line itself. Shell completions (`warung completions`) stay English. The tests
//! below fail when a command or an argument has English help and no Indonesian entry
//! here, or when an entry here no longer matches anything.

use std::fmt::Write as _;

use clap::builder::Styles;
use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;

/// Indonesian help, keyed by the command's path below `warung` (`""` for `warung`
/// itself, `"campaign create"`) and the argument's id (`None` for the command's about).
/// A long about or a long help would be keyed `"#long"` / `"ID#long"`.
const TEXTS: &[(&str, Option<&str>, &str)] = &[
    ("", None, "Aplikasi kasir untuk warung dan toko kecil di Indonesia, cukup dengan papan ketik"),
    ("", Some("db"), "Berkas basis data [bawaan: <folder data>/warung/warung.db]"),
    ("", Some("lang"), "Bahasa tampilan [bawaan: dari LANG: id* → bahasa Indonesia, selain itu bahasa Inggris]"),
    ("demo", None, "Buka TUI pada toko demo baru (login-nya tampil di layar)"),
    ("init", None, "Buat basis data beserta pemiliknya"),
    ("init", Some("demo"), "Isi toko baru dengan data demo"),
    ("init", Some("owner"), "Nama pengguna pemilik"),
    ("init", Some("password_stdin"), "Baca kata sandi pemilik dari baris pertama masukan standar"),
    (
        "import",
        None,
        "Impor barang, pelanggan, pemasok atau penjualan lama dari CSV (semua baris masuk, atau tidak sama sekali)",
    ),
    (
        "import",
        Some("abandon"),
        "Hentikan impor RUN yang belum selesai, yang disebut oleh `warung doctor`: yang sudah tertulis tetap ada, \
         sisa berkasnya tidak ditulis",
    ),
    ("import", Some("dry_run"), "Periksa berkas dan tampilkan apa yang akan berubah, tanpa menulis apa pun"),
    ("import", Some("kind"), "Isi berkasnya"),
    ("import", Some("file"), "Berkas CSV (kolomnya: docs/panduan.md, \"Impor dan ekspor CSV\")"),
    (
        "import",
        Some("generate_barcodes"),
        "Beri barang yang belum punya barcode sebuah EAN-13 toko yang dibuat otomatis",
    ),
    (
        "import",
        Some("affect_stock"),
        "sales: catat tiap baris yang diimpor sebagai mutasi stok (stok yang ada berkurang)",
    ),
    ("export", None, "Ekspor barang, pelanggan atau pemasok (kolomnya sama dengan impor)"),
    ("export", Some("output"), "Tulis ke berkas ini, bukan ke keluaran standar"),
    ("export", Some("force"), "Timpa berkas --output jika sudah ada"),
    ("export", Some("kind"), "Apa yang diekspor"),
    ("export", Some("format"), "Format berkasnya"),
    ("report", None, "Tampilkan laporan: CSV (bawaan), JSON, xlsx atau tabel yang rapi"),
    ("report", Some("name"), "Nama laporan (lihat --list)"),
    ("report", Some("list"), "Daftar semua laporan, satu baris per laporan"),
    ("report", Some("from"), "Hari pertama, YYYY-MM-DD menurut zona waktu toko [bawaan: 29 hari sebelum --to]"),
    ("report", Some("to"), "Hari terakhir, ikut dihitung [bawaan: hari ini]"),
    ("report", Some("as_of"), "Tanggal acuan laporan keadaan (refill-due, stock-levels, …): sama dengan --to"),
    ("report", Some("output"), "Tulis ke berkas ini, bukan ke keluaran standar"),
    ("report", Some("force"), "Timpa berkas --output jika sudah ada"),
    (
        "report",
        Some("format"),
        "csv, json dan xlsx memakai kode dan angka polos untuk program lain; table untuk dibaca, dalam bahasa \
         pengguna",
    ),
    ("report", Some("group_by"), "sales-summary: satu baris per hari, minggu atau bulan [bawaan: day]"),
    ("report", Some("by"), "best-sellers: urutkan menurut jumlah atau omzet [bawaan: qty]"),
    ("report", Some("limit"), "best-sellers, bought-together: berapa baris [bawaan best-sellers: 20]"),
    ("report", Some("category"), "best-sellers: hanya barang dari kategori ini"),
    ("report", Some("user"), "audit: hanya tindakan pengguna ini"),
    ("report", Some("action"), "audit: hanya tindakan ini atau tindakan di bawahnya (`sale` mencakup `sale.void`, …)"),
    (
        "report",
        Some("min_pairs"),
        "bought-together: lewati pasangan yang muncul di lebih sedikit penjualan dari ini [bawaan: 5]",
    ),
    ("report", Some("item"), "bought-together: hanya pasangan yang berawal dari barang ini"),
    (
        "segment",
        None,
        "Beri skor (RFM) dan kelompokkan (k-means) pelanggan yang pernah belanja; hasilnya disimpan dan \
         ringkasannya ditampilkan",
    ),
    (
        "segment",
        Some("k"),
        "Jumlah kelompok, atau `auto` (silhouette terbaik dari 2…8; titik sikunya juga ditampilkan)",
    ),
    ("segment", Some("as_of"), "Hitung keadaan pada tanggal ini, YYYY-MM-DD [bawaan: hari ini]"),
    ("receipt", None, "Tampilkan struk sebuah penjualan, cetak, atau tulis faktur A4-nya"),
    ("receipt", Some("invoice"), "Nomor nota, mis. INV/261123/0001"),
    (
        "receipt",
        Some("width"),
        "Lebar kertas dalam karakter: 32 (58 mm) atau 48 (80 mm) [bawaan: pengaturan receipt.width]",
    ),
    ("receipt", Some("print"), "Kirim ke printer di pengaturan printer.target"),
    ("receipt", Some("force"), "Timpa berkas --a4 jika sudah ada"),
    ("receipt", Some("a4"), "Tulis faktur A4 yang siap dicetak (HTML) ke berkas ini"),
    ("labels", None, "Label barcode untuk barang dan label harga untuk rak (PDF, SVG atau ESC/POS)"),
    ("labels", Some("skus"), "Barang menurut SKU"),
    ("labels", Some("category"), "Semua barang aktif dalam kategori ini"),
    (
        "labels",
        Some("purchase"),
        "Barang dari pembelian ini, satu label per unit yang diterima (kecuali dengan --copies)",
    ),
    (
        "labels",
        Some("changed_since"),
        "Barang yang harganya dipasang atau diubah pada tanggal ini atau sesudahnya (YYYY-MM-DD)",
    ),
    ("labels", Some("missing_barcode"), "Barang yang belum punya barcode"),
    ("labels", Some("generate"), "Beri dulu barang tanpa barcode sebuah EAN-13 toko yang dibuat otomatis"),
    ("labels", Some("copies"), "Jumlah label per barang [bawaan: 1]"),
    ("labels", Some("per_stock"), "Satu label per unit stok yang ada"),
    ("labels", Some("tiers"), "Label barcode: cantumkan juga harga grosir (label rak selalu mencantumkannya)"),
    ("labels", Some("kind"), "barcode: stiker untuk barang; shelf: label harga untuk tepi rak"),
    ("labels", Some("no_shop_name"), "Label barcode: tanpa nama toko (lebih banyak ruang untuk garis barcode)"),
    (
        "labels",
        Some("format"),
        "[bawaan: escpos dengan --print, svg untuk --output yang berakhiran .svg, selain itu pdf]",
    ),
    ("labels", Some("layout"), "Nama tata letak atau custom:… (lihat di bawah) [bawaan: yang terakhir dipakai]"),
    (
        "labels",
        Some("output"),
        "Tulis ke berkas ini, bukan ke keluaran standar (SVG: satu berkas per label, FILE-2.svg, …)",
    ),
    ("labels", Some("force"), "Timpa FILE (dan FILE-2.svg, …) jika sudah ada"),
    ("labels", Some("print"), "Kirim label ke printer di pengaturan printer.target (ESC/POS)"),
    ("template", None, "Template struk dan faktur yang bisa diubah"),
    ("template list", None, "Semua template, dan apakah sudah diubah"),
    ("template show", None, "Tampilkan template (milik toko, atau bawaan aplikasi)"),
    (
        "template set",
        None,
        "Ganti template dengan isi FILE (`-` untuk masukan standar); diperiksa dulu sebelum disimpan",
    ),
    ("template reset", None, "Kembali ke template bawaan aplikasi"),
    ("template preview", None, "Tampilkan contoh penjualan dengan template di FILE, tanpa menyimpan apa pun"),
    (
        "campaign",
        None,
        "Kampanye pemasaran: buat untuk satu segmen atau untuk semua pelanggan yang setuju menerima pesan, lalu kirim",
    ),
    ("campaign create", None, "Buat kampanye; menampilkan id, recipients, holdout dan estimated_cost (rupiah)"),
    (
        "campaign create",
        Some("segment"),
        "Label kelompok atau segmen RFM dari `warung segment` yang terakhir dijalankan",
    ),
    ("campaign create", Some("all"), "Semua pelanggan yang setuju menerima pesan"),
    ("campaign create", Some("name"), "Nama kampanye, untuk laporannya"),
    ("campaign create", Some("template"), "Template pesan kampanye, mis. promo"),
    (
        "campaign create",
        Some("holdout"),
        "Persen penerima yang ditahan (tidak dikirimi), sebagai pembanding untuk mengukur hasil kampanye",
    ),
    (
        "campaign create",
        Some("ends"),
        "Hari terakhir kampanye, YYYY-MM-DD: sesudah itu tidak ada lagi pesannya yang dikirim",
    ),
    ("campaign send", None, "Antrekan satu pesan untuk tiap penerima yang tidak ditahan"),
    ("remind", None, "Antrekan pengingat yang jatuh waktunya hari ini (aman dijalankan berapa kali pun)"),
    (
        "remind receivables",
        None,
        "Pengingat piutang: sebelum jatuh tempo, pada harinya, dan tiap beberapa hari selama terlambat",
    ),
    (
        "remind refills",
        None,
        "Pengingat belanja ulang untuk pelanggan yang setuju menerima pesan dan barang langganannya sudah \
         waktunya dibeli lagi (sebagian ditahan)",
    ),
    ("recommend", None, "Rekomendasi: hitung ulang barang yang sering dibeli bersama (saran di layar kasir)"),
    (
        "recommend refresh",
        None,
        "Hitung ulang pasangan yang sering dibeli bersama untuk tiap barang, dari penjualan setahun terakhir",
    ),
    ("assistant", None, "Asisten WhatsApp: coba apa jawabannya"),
    (
        "assistant test",
        None,
        "Tampilkan persis balasan yang akan dikirim asisten untuk TEXT dari PHONE (tidak ada yang disimpan \
         atau diantrekan, kecuali dengan --apply)",
    ),
    ("assistant test", Some("apply"), "Jalankan sungguhan: simpan pesannya dan antrekan balasannya"),
    ("assistant test", Some("from"), "Nomor HP pelanggan yang mengirim pesan itu"),
    ("config", None, "Baca atau ubah pengaturan"),
    ("config get", None, "Tampilkan satu pengaturan, atau semua pengaturan sebagai KEY=VALUE"),
    ("config get", Some("reveal"), "Tampilkan rahasia (token) apa adanya, bukan ********"),
    ("config set", None, "Ubah pengaturan"),
    ("config set", Some("value"), "Nilai baru (untuk rahasia: pakai --stdin)"),
    (
        "config set",
        Some("stdin"),
        "Baca nilainya dari baris pertama masukan standar, supaya rahasia (token) tidak pernah terlihat \
         di `ps` atau di riwayat shell",
    ),
    ("config import-qris", None, "Simpan QRIS toko (qris.payload) dari gambar QR yang diberikan bank (PNG atau JPEG)"),
    ("user", None, "Kelola pengguna"),
    ("user add", None, "Tambah pengguna (kata sandi ditanyakan, atau lewat --password-stdin)"),
    ("user add", Some("role"), "Apa yang boleh dilakukan pengguna itu"),
    ("user add", Some("name"), "Nama lengkap, seperti yang tampil di struk dan laporan"),
    ("user add", Some("password_stdin"), "Baca kata sandi dari baris pertama masukan standar"),
    ("user passwd", None, "Ganti kata sandi pengguna"),
    ("user passwd", Some("password_stdin"), "Baca kata sandi baru dari baris pertama masukan standar"),
    ("user list", None, "Daftar pengguna"),
    ("user disable", None, "Larang pengguna login"),
    ("user enable", None, "Izinkan lagi pengguna yang dilarang login"),
    ("user unlock", None, "Buka kunci pengguna yang terkunci karena salah kata sandi atau PIN"),
    ("user phone", None, "Atur nomor HP pemilik atau manajer untuk perintah pemilik di asisten (`none` menghapusnya)"),
    ("backup", None, "Buat cadangan toko di FILE selagi toko tetap buka (diperiksa, mode 0600)"),
    ("backup", Some("file"), "Tempat menulis salinannya"),
    ("backup", Some("force"), "Timpa FILE jika sudah ada"),
    (
        "backup",
        Some("auto"),
        "Cadangan harian ke folder di pengaturan backup.folder, menyimpan 7 cadangan harian dan 4 mingguan \
         (untuk cron)",
    ),
    ("restore", None, "Pulihkan toko dari berkas cadangan FILE (toko yang sekarang disimpan di sebelahnya)"),
    ("dispatch", None, "Kirim pesan WhatsApp/SMS yang ada di antrean lewat messaging.provider (sampai Ctrl+C)"),
    (
        "dispatch",
        Some("once"),
        "Kirim yang sudah waktunya, lalu berhenti (untuk cron); yang perlu dicoba lagi tetap di antrean",
    ),
    ("dispatch", Some("resume"), "Sebelum mulai, izinkan lagi penyedia yang dihentikan karena kredensialnya ditolak"),
    ("dispatch", Some("lease"), "Berapa detik pesan yang sudah diambil tetap dipegang oleh pengirim ini"),
    ("webhook", None, "Terima webhook dari penyedia: status pesan, pesan masuk, berhenti langganan"),
    ("webhook", Some("listen"), "Alamat untuk menerima webhook, mis. 127.0.0.1:8080"),
    ("hub", None, "Hub asosiasi (PostgreSQL): siapkan, bergabung, kirim angka harian, baca laporannya"),
    ("hub init-server", None, "(Asosiasi) buat atau perbarui skema dan peran hub di basis data PostgreSQL"),
    (
        "hub init-server",
        Some("url"),
        "postgres://ADMIN:PASSWORD@HOST:PORT/DATABASE milik pengguna yang boleh membuat peran",
    ),
    (
        "hub init-server",
        Some("share_benchmarks"),
        "Izinkan toko anggota melihat median asosiasi (penjualan neto, tingkat belanja ulang) \
         [bawaan: tidak diubah; pada awalnya no]",
    ),
    ("hub add-shop", None, "(Asosiasi) tambah toko anggota; URL untuk bergabung ditampilkan sekali saja"),
    ("hub add-shop", Some("code"), "Kode toko: 1–32 karakter a-z, 0-9 dan _"),
    ("hub add-shop", Some("name"), "Nama toko seperti yang tampil di laporan asosiasi"),
    ("hub add-shop", Some("url"), "Sambungan administrator hub (postgres://…)"),
    (
        "hub add-shop",
        Some("new_password"),
        "Toko ini sudah menjadi anggota: beri login-nya kata sandi baru (URL yang lama tidak berlaku lagi)",
    ),
    (
        "hub join",
        None,
        "(Anggota) bergabung ke hub dengan URL dari asosiasi (diperiksa dulu apakah bisa tersambung dan menulis)",
    ),
    ("hub join", Some("url"), "postgres://… ; kata sandinya boleh juga ditaruh di WARUNG_HUB_PASSWORD"),
    ("hub join", Some("shop"), "Kode toko ini di hub"),
    ("hub push", None, "(Anggota) kirim hari-hari yang berubah sejak pengiriman terakhir"),
    (
        "hub push",
        Some("since"),
        "Kirim lagi semua hari mulai tanggal ini (YYYY-MM-DD), berubah atau tidak (untuk hub yang kehilangan datanya)",
    ),
    ("hub status", None, "(Anggota) hub yang diikuti, pengiriman terakhir, dan apa yang masih menunggu"),
    ("hub report", None, "Laporan asosiasi yang dibaca dari hub"),
    ("hub report", Some("from"), "Hari pertama, YYYY-MM-DD [bawaan: 29 hari sebelum --to]"),
    ("hub report", Some("to"), "Hari terakhir, ikut dihitung [bawaan: hari ini]"),
    ("hub report", Some("output"), "Tulis ke berkas ini, bukan ke keluaran standar"),
    ("hub report", Some("force"), "Timpa berkas --output jika sudah ada"),
    ("hub report", Some("name"), "Laporan asosiasinya"),
    ("hub report", Some("format"), "csv, json dan xlsx untuk program lain; table untuk dibaca"),
    (
        "hub report",
        Some("url"),
        "Baca hub sebagai pengguna ini (pengelola asosiasi), bukan sebagai toko yang bergabung",
    ),
    ("whatsapp", None, "Akun WhatsApp Business: kirim template toko, baca statusnya"),
    ("whatsapp templates", None, "Template pesan toko di Akun WhatsApp Business-nya (whatsapp_cloud.waba_id)"),
    (
        "whatsapp templates push",
        None,
        "Buat (atau ubah) semua template di akun itu; Meta memeriksa tiap template sebelum boleh dikirim",
    ),
    (
        "whatsapp templates status",
        None,
        "Status, nilai kualitas dan alasan penolakan tiap template (dicatat untuk pengirim pesan)",
    ),
    ("migrate", None, "Perbarui skema basis data ke versi terbaru"),
    (
        "doctor",
        None,
        "Periksa basis data: keutuhan, foreign key, cache stok = buku besar, ringkasan laporan = buku besar",
    ),
    (
        "doctor",
        Some("repair_summaries"),
        "Susun ulang ringkasan laporan dari buku besar penjualan (buku besarnya tidak diubah), lalu periksa",
    ),
    ("completions", None, "Tampilkan skrip pelengkapan otomatis untuk shell"),
    ("completions", Some("shell"), "Shell yang dilengkapi"),
];

/// A command path and the text after its options.
type AfterHelp = (&'static str, fn() -> String);

/// Text after the options, by command path (built, not fixed: it lists the layouts).
const AFTER_HELP: &[AfterHelp] = &[("labels", || super::labels::layouts_help(Lang::Id))];

/// clap's own parts: the `help` subcommand, its argument, `-h` and `-V`.
const HELP_ABOUT: &str = "Tampilkan pesan ini, atau bantuan untuk perintah yang disebut";
const HELP_COMMAND: &str = "Tampilkan bantuan untuk perintah itu";
const HELP_FLAG: &str = "Tampilkan bantuan";
const HELP_FLAG_SHORT: &str = "Tampilkan bantuan (lebih lengkap dengan '--help')";
const HELP_FLAG_LONG: &str = "Tampilkan bantuan (ringkasnya dengan '-h')";
const VERSION_FLAG: &str = "Tampilkan versi";

fn text(path: &str, id: Option<&str>) -> Option<&'static str> {
    TEXTS.iter().find(|(p, i, _)| *p == path && *i == id).map(|(_, _, text)| *text)
}

/// `cmd` (the whole `warung` tree) with every text a user reads in Indonesian. The
/// tree is built first, so clap's generated `-h`, `-V` and `help` exist to be
/// translated; a text with no entry keeps its English (the tests make sure none does).
pub fn in_indonesian(mut cmd: Command) -> Command {
    cmd.build();
    translate(cmd, "")
}

/// The path of `name` under `parent`: `"report"`, `"campaign create"`.
fn child_path(parent: &str, name: &str) -> String {
    if parent.is_empty() { name.to_string() } else { format!("{parent} {name}") }
}

fn translate(mut cmd: Command, path: &str) -> Command {
    cmd = about(cmd, path);
    if let Some((_, after)) = AFTER_HELP.iter().find(|(p, _)| *p == path) {
        cmd = cmd.after_help(after());
    }
    let styles = cmd.get_styles().clone();
    let long_help_flag = cmd.get_arguments().any(|a| a.get_id() == "help" && a.get_long_help().is_some());
    cmd = cmd.mut_args(|arg| translate_arg(arg, path, long_help_flag, &styles));
    cmd = with_template(cmd);
    // In place, keeping the order (clap's `mut_subcommand` moves it to the end).
    for sub in cmd.get_subcommands_mut() {
        let taken = std::mem::take(sub);
        *sub = if taken.get_name() == "help" {
            help_subcommand(taken, path)
        } else {
            let child = child_path(path, taken.get_name());
            translate(taken, &child)
        };
    }
    cmd
}

fn about(mut cmd: Command, path: &str) -> Command {
    if cmd.get_about().is_some()
        && let Some(text) = text(path, None)
    {
        cmd = cmd.about(text);
    }
    if cmd.get_long_about().is_some()
        && let Some(text) = text(path, Some("#long"))
    {
        cmd = cmd.long_about(text);
    }
    cmd
}

/// clap's `help` subcommand under the command at `parent`. Built, it holds a copy of
/// the commands beside it (for completions), whose abouts are those commands' abouts.
fn help_subcommand(mut cmd: Command, parent: &str) -> Command {
    cmd = cmd.about(HELP_ABOUT);
    let styles = cmd.get_styles().clone();
    cmd = cmd.mut_args(|arg| {
        let arg = if arg.get_id() == "subcommand" { arg.help(HELP_COMMAND).value_name("PERINTAH") } else { arg };
        spec_values(arg, &styles)
    });
    cmd = with_template(cmd);
    for sub in cmd.get_subcommands_mut() {
        let taken = std::mem::take(sub);
        *sub = copied_subcommand(taken, parent);
    }
    cmd
}

/// A command copied under `help` (only its name, about and subcommands), beside the
/// command at `parent`.
fn copied_subcommand(mut cmd: Command, parent: &str) -> Command {
    let path = child_path(parent, cmd.get_name());
    cmd = if cmd.get_name() == "help" { cmd.about(HELP_ABOUT) } else { about(cmd, &path) };
    cmd = with_template(cmd);
    for sub in cmd.get_subcommands_mut() {
        let taken = std::mem::take(sub);
        *sub = copied_subcommand(taken, &path);
    }
    cmd
}

fn translate_arg(arg: Arg, path: &str, long_help_flag: bool, styles: &Styles) -> Arg {
    let arg =
        match arg.get_action() {
            ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong if arg.get_id() == "help" => {
                if long_help_flag { arg.help(HELP_FLAG_SHORT).long_help(HELP_FLAG_LONG) } else { arg.help(HELP_FLAG) }
            }
            ArgAction::Version if arg.get_id() == "version" => arg.help(VERSION_FLAG),
            _ => {
                // A global option is defined (and translated) once, on `warung` itself.
                let path = if arg.is_global_set() { "" } else { path };
                let id = arg.get_id().as_str().to_string();
                let mut arg = arg;
                if arg.get_help().is_some()
                    && let Some(text) = text(path, Some(&id))
                {
                    arg = arg.help(text);
                }
                if arg.get_long_help().is_some()
                    && let Some(text) = text(path, Some(&format!("{id}#long")))
                {
                    arg = arg.long_help(text);
                }
                arg
            }
        };
    spec_values(arg, styles)
}

/// clap's `[default: …]` and `[possible values: …]`, said in Indonesian: clap's own are
/// hidden and the same values follow the help text, styled as clap styles them.
fn spec_values(mut arg: Arg, styles: &Styles) -> Arg {
    let (ctx, value) = (styles.get_context(), styles.get_context_value());
    let mut notes = Vec::new();
    let defaults = arg.get_default_values();
    if arg.get_action().takes_values() && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        let shown: Vec<String> = defaults.iter().map(|v| quoted(&v.to_string_lossy())).collect();
        notes.push(format!("{ctx}[bawaan: {ctx:#}{value}{}{value:#}{ctx}]{ctx:#}", shown.join(" ")));
        arg = arg.hide_default_value(true);
    }
    let possible = arg.get_possible_values();
    // Values with their own help are listed by clap under the option; none exist yet
    // (a test says so), so only the short list is said here.
    if !arg.is_hide_possible_values_set() && !possible.is_empty() && possible.iter().all(|p| p.get_help().is_none()) {
        let mut list = String::new();
        for (i, name) in possible.iter().filter(|p| !p.is_hide_set()).map(|p| quoted(p.get_name())).enumerate() {
            if i > 0 {
                let _ = write!(list, "{ctx}, {ctx:#}");
            }
            let _ = write!(list, "{value}{name}{value:#}");
        }
        notes.push(format!("{ctx}[pilihan: {ctx:#}{list}{ctx}]{ctx:#}"));
        arg = arg.hide_possible_values(true);
    }
    if notes.is_empty() {
        return arg;
    }
    let notes = notes.join(" ");
    let short = match arg.get_help() {
        Some(help) if !help.to_string().is_empty() => format!("{help} {notes}"),
        _ => notes.clone(),
    };
    // clap puts the notes of a long help in a paragraph of their own.
    let long = arg.get_long_help().or(arg.get_help()).map(|h| h.to_string()).filter(|h| !h.is_empty());
    let long = match long {
        Some(help) => format!("{help}\n\n{notes}"),
        None => notes,
    };
    arg.help(short).long_help(long)
}

/// clap's usage line without its title, in the words of the headings below it.
fn usage(cmd: &mut Command) -> String {
    let style = cmd.get_styles().get_usage();
    let title = format!("{style}Usage:{style:#} ");
    let usage = cmd.render_usage().ansi().to_string();
    let usage = usage.strip_prefix(&title).unwrap_or(&usage);
    // A second usage line lines up under the first, after the (longer) title.
    let indent = " ".repeat("Penggunaan: ".len());
    usage_words(&usage.replace("\n       ", &format!("\n{indent}")))
}

/// clap's `[OPTIONS]` and `<COMMAND>` in a usage line, said as the help's headings say
/// them: `warung report [PILIHAN] [NAME]`.
pub fn usage_words(usage: &str) -> String {
    usage.replace("[OPTIONS]", "[PILIHAN]").replace("<COMMAND>", "<PERINTAH>").replace("[COMMAND]", "[PERINTAH]")
}

/// A value as clap shows it: quoted when empty or holding a space.
fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) { format!("{value:?}") } else { value.to_string() }
}

/// `cmd` laid out by [`template`].
fn with_template(mut cmd: Command) -> Command {
    let layout = template(&mut cmd);
    cmd.help_template(layout)
}

/// clap's layout (about, usage, commands, arguments, options, text after) with the
/// headings in Indonesian; a section with nothing to show is left out, as clap does.
fn template(cmd: &mut Command) -> String {
    // The usage is written in, not left to clap's `{usage}`, to say it in Indonesian;
    // a `{` in it would be read as a tag, so then clap's own stays.
    let usage = Some(usage(cmd)).filter(|u| !u.contains('{')).unwrap_or_else(|| "{usage}".into());
    let styles = cmd.get_styles();
    let header = styles.get_header();
    let mut sections = Vec::new();
    if cmd.get_subcommands().any(|s| s.get_name() != "help" && !s.is_hide_set()) {
        sections.push(format!("{header}Perintah:{header:#}\n{{subcommands}}"));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(format!("{header}Argumen:{header:#}\n{{positionals}}"));
    }
    if cmd.get_arguments().any(|a| !a.is_positional() && !a.is_hide_set()) {
        sections.push(format!("{header}Pilihan:{header:#}\n{{options}}"));
    }
    let title = styles.get_usage();
    let mut template = format!("{{before-help}}{{about-with-newline}}\n{title}Penggunaan:{title:#} {usage}");
    if !sections.is_empty() {
        template.push_str("\n\n");
        template.push_str(&sections.join("\n\n"));
    }
    template.push_str("{after-help}");
    template
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;
    use crate::cli::Cli;

    /// A text the user reads in English: (path, key, the English text).
    type Needed = (String, Option<String>, String);

    /// Every about and help the clap definitions give, keyed as in [`TEXTS`]; clap's
    /// own `-h`, `-V` and `help` are translated by fixed strings and left out.
    fn english_texts(cmd: &Command, path: &str, out: &mut Vec<Needed>, after: &mut Vec<String>) {
        let mut need = |key: Option<String>, text: Option<&clap::builder::StyledStr>| {
            if let Some(text) = text.map(|t| t.to_string()).filter(|t| !t.is_empty()) {
                out.push((path.to_string(), key, text));
            }
        };
        need(None, cmd.get_about());
        need(Some("#long".into()), cmd.get_long_about());
        assert!(cmd.get_before_help().is_none() && cmd.get_before_long_help().is_none(), "{path}: before_help");
        assert!(cmd.get_after_long_help().is_none(), "'{path}': after_long_help has no Indonesian support yet");
        if cmd.get_after_help().is_some() {
            after.push(path.to_string());
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(arg.get_action(), ArgAction::Help | ArgAction::Version)
                || (arg.is_global_set() && !path.is_empty())
            {
                continue;
            }
            need(Some(id.to_string()), arg.get_help());
            need(Some(format!("{id}#long")), arg.get_long_help());
            for value in arg.get_possible_values() {
                assert!(
                    value.get_help().is_none(),
                    "'{path}' --{id} {}: a possible value with help needs Indonesian support in help_id",
                    value.get_name()
                );
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            english_texts(sub, &child_path(path, sub.get_name()), out, after);
        }
    }

    fn built() -> Command {
        let mut cmd = Cli::command();
        cmd.build();
        cmd
    }

    #[test]
    fn every_english_text_has_an_indonesian_one_and_every_entry_is_used() {
        let (mut needed, mut after) = (Vec::new(), Vec::new());
        english_texts(&built(), "", &mut needed, &mut after);
        let keys: BTreeSet<(String, Option<String>)> = needed.iter().map(|(p, k, _)| (p.clone(), k.clone())).collect();
        let missing: Vec<String> = needed
            .iter()
            .filter(|(p, k, _)| text(p, k.as_deref()).is_none())
            .map(|(p, k, english)| format!("(\"{p}\", {k:?}): {english}"))
            .collect();
        let dead: Vec<String> = TEXTS
            .iter()
            .filter(|(p, k, _)| !keys.contains(&(p.to_string(), k.map(str::to_string))))
            .map(|(p, k, _)| format!("(\"{p}\", {k:?})"))
            .collect();
        assert!(
            missing.is_empty() && dead.is_empty(),
            "no Indonesian help in help_id::TEXTS for:\n{}\n\nentries in help_id::TEXTS that match no command or \
             argument:\n{}",
            missing.join("\n"),
            dead.join("\n")
        );
        let duplicates = TEXTS.len() - TEXTS.iter().map(|(p, k, _)| (p, k)).collect::<BTreeSet<_>>().len();
        assert_eq!(duplicates, 0, "help_id::TEXTS has a key twice");
        let translated_after: Vec<String> = AFTER_HELP.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(after, translated_after, "commands with after_help vs help_id::AFTER_HELP");
        let same: Vec<&Needed> =
            needed.iter().filter(|(p, k, en)| text(p, k.as_deref()) == Some(en.as_str())).collect();
        assert!(same.is_empty(), "still English: {same:?}");
    }

    #[test]
    fn the_indonesian_tree_is_a_valid_clap_command() {
        in_indonesian(Cli::command()).debug_assert();
    }

    /// Every command path, e.g. `["campaign", "create"]`.
    fn paths(cmd: &Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        out.push(prefix.to_vec());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            paths(sub, &path, out);
        }
    }

    fn help_page(args: &[&str]) -> String {
        let mut cmd = in_indonesian(Cli::command());
        let error = cmd.try_get_matches_from_mut(args).expect_err("help is shown as an early exit");
        assert_eq!(error.kind(), ErrorKind::DisplayHelp, "{args:?}");
        assert_eq!(error.exit_code(), 0);
        error.render().to_string()
    }

    #[test]
    fn every_help_page_reads_indonesian() {
        let mut all = Vec::new();
        paths(&built(), &[], &mut all);
        let (mut needed, mut after) = (Vec::new(), Vec::new());
        english_texts(&built(), "", &mut needed, &mut after);
        for path in all {
            let words: Vec<&str> = path.iter().map(String::as_str).collect();
            let pages = [
                [&["warung"][..], &words, &["-h"]].concat(),
                [&["warung"][..], &words, &["--help"]].concat(),
                [&["warung", "help"][..], &words].concat(),
            ];
            for args in pages {
                let page = help_page(&args);
                assert!(page.contains("Penggunaan: warung"), "{args:?}:\n{page}");
                assert!(page.contains("Pilihan:") || words.is_empty(), "{args:?}:\n{page}");
                for english in [
                    "Usage:",
                    "Commands:",
                    "Options:",
                    "Arguments:",
                    "Print help",
                    "Print version",
                    "Print this message",
                    "[default:",
                    "[possible values:",
                ] {
                    assert!(!page.contains(english), "{args:?} says '{english}':\n{page}");
                }
                for (_, _, text) in &needed {
                    assert!(!page.contains(text.as_str()), "{args:?} still says '{text}':\n{page}");
                }
            }
        }
    }

    #[test]
    fn the_root_page_has_every_section_and_the_notes_in_indonesian() {
        let page = help_page(&["warung", "--lang", "id", "--help"]);
        assert!(page.starts_with("Aplikasi kasir untuk warung dan toko kecil di Indonesia"), "{page}");
        for part in [
            "Perintah:\n  demo ",
            "help         Tampilkan pesan ini, atau bantuan untuk perintah yang disebut",
            "Pilihan:\n      --db <PATH>",
            "Berkas basis data",
            "[pilihan: id, en]",
            "-h, --help",
            "Tampilkan bantuan",
            "-V, --version",
            "Tampilkan versi",
        ] {
            assert!(page.contains(part), "no '{part}' in:\n{page}");
        }
        let page = help_page(&["warung", "report", "-h"]);
        assert!(page.contains("Argumen:\n  [NAME]  Nama laporan (lihat --list)"), "{page}");
        assert!(page.contains("untuk dibaca, dalam bahasa pengguna [bawaan: csv] [pilihan: csv, json,"), "{page}");
        let page = help_page(&["warung", "labels", "--help"]);
        assert!(page.contains("Tata letak (--layout; yang terakhir dipakai diingat):"), "{page}");
        assert!(page.contains("tanpa tepi"), "{page}");
        let page = help_page(&["warung", "user", "add", "--help"]);
        assert!(page.contains("[bawaan: \"\"]") && page.contains("[bawaan: cashier]"), "{page}");
    }

    #[test]
    fn mistakes_read_as_before_with_the_usage_in_indonesian() {
        for line in [
            "warung frobnicate",
            "warung repot",
            "warung export items --colour",
            "warung report sales-summary --format pdf",
            "warung restore",
            "warung campaign create --name x --all --segment y --template promo",
            "warung --lang id user add budi --role boss",
            "warung hub init-server --url x --url y",
        ] {
            let args: Vec<&str> = line.split(' ').collect();
            let english = Cli::command().try_get_matches_from(&args).unwrap_err();
            let indonesian = in_indonesian(Cli::command()).try_get_matches_from(&args).unwrap_err();
            assert_eq!(english.kind(), indonesian.kind(), "{line}");
            assert_eq!(english.exit_code(), indonesian.exit_code(), "{line}");
            let english = super::super::mistakes::in_indonesian(&english).expect(line);
            let indonesian = super::super::mistakes::in_indonesian(&indonesian).expect(line);
            assert_eq!(indonesian, english, "{line}");
            assert!(!indonesian.contains("OPTIONS") && !indonesian.contains("COMMAND"), "{indonesian}");
        }
    }

    #[test]
    fn the_indonesian_tree_parses_exactly_as_the_english_one() {
        use clap::{FromArgMatches, Parser};
        for line in [
            "warung",
            "warung --lang id report sales-summary --format table --from 2026-01-01 --group-by month",
            "warung --db x.db import items items.csv --dry-run",
            "warung campaign create --name Promo --all --template promo --holdout 10",
            "warung config set store.name --stdin",
            "warung hub report members --format json",
            "warung user add budi --role manager",
            "warung whatsapp templates status",
        ] {
            let args: Vec<&str> = line.split(' ').collect();
            let english = Cli::try_parse_from(&args).unwrap();
            let matches = in_indonesian(Cli::command()).try_get_matches_from(&args).unwrap();
            let indonesian = Cli::from_arg_matches(&matches).unwrap();
            assert_eq!(format!("{english:?}"), format!("{indonesian:?}"), "{line}");
        }
    }
}
