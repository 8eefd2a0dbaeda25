//! Cashier budgets (DESIGN.md) on the scale shop:
//! scan → line added p99 ≤ 1 ms (with the till's suggestions too); name search per keystroke p99 ≤ 10 ms over 100k
//! items; checkout commit of 10 lines p99 ≤ 5 ms; till render of 30 lines at
//! 120x40 ≤ 2 ms.
//!
//! ```text
//! cargo run --release --example scale_shop -- /tmp/scale.db --today 2026-11-23
//! WARUNG_BENCH_DB=/tmp/scale.db cargo bench --bench cashier
//! ```
//!
//! Besides criterion's means, each budget prints p50/p99 over many timed runs,
//! because the budgets are tail latencies.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warung::clock::SystemClock;
use warung::domain::cart::Cart;
use warung::domain::search::NameIndex;
use warung::domain::{PaymentMethod, Qty};
use warung::services::checkout::{CheckoutRequest, Tender};
use warung::services::{Actor, Shop};
use warung::store::items::ItemFilter;
use warung::tui::App;
use warung::tui::i18n::Lang;
use warung::tui::theme::Theme;

fn scale_db() -> PathBuf {
    let path = std::env::var_os("WARUNG_BENCH_DB").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/scale.db"));
    assert!(
        path.exists(),
        "no scale shop at {}: build it with `cargo run --release --example scale_shop -- {}`",
        path.display(),
        path.display()
    );
    path
}

fn open() -> Shop {
    Shop::open(&scale_db(), Arc::new(SystemClock)).expect("open the scale shop")
}

/// Print p50 and p99 of `runs` timed calls.
fn percentiles(name: &str, runs: usize, mut f: impl FnMut(usize)) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect();
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!("{name}: p50 {:?}  p99 {:?}  max {:?}  ({runs} runs)", at(0.5), at(0.99), samples[samples.len() - 1]);
}

/// Barcodes spread over the catalogue: every `step`-th item's.
fn sample_codes(shop: &Shop, step: usize) -> Vec<String> {
    let items = shop.items(&ItemFilter { limit: 0, ..Default::default() }).expect("items");
    items.iter().step_by(step).filter_map(|i| i.data.barcodes.first().map(|b| b.code.clone())).take(1000).collect()
}

fn scan(c: &mut Criterion) {
    let shop = open();
    let codes = sample_codes(&shop, 97);
    let add = |i: usize, cart: &mut Cart| {
        let (item, factor) = shop.lookup_code(&codes[i % codes.len()]).unwrap().expect("known code");
        cart.add(item, factor).unwrap();
    };
    let mut cart = Cart::default();
    percentiles("scan → line added", 20_000, |i| {
        if i % 30 == 0 {
            cart = Cart::default();
        }
        add(i, &mut cart)
    });
    // With the till's "often bought together" line: the partners are counted once (as
    // the dispatcher does each night), then each scan also reads the suggestions.
    let refreshed = open().refresh_recommendations(shop.today()).expect("refresh partners");
    println!("bought-together partners: {} items, {} rows", refreshed.items, refreshed.partners);
    let mut cart = Cart::default();
    percentiles("scan → line added + suggestions", 20_000, |i| {
        if i % 30 == 0 {
            cart = Cart::default();
        }
        add(i, &mut cart);
        let ids: Vec<i64> = cart.lines.iter().map(|l| l.item.item_id).collect();
        std::hint::black_box(shop.suggestions(&ids, 2).unwrap());
    });
    let mut i = 0;
    c.bench_function("scan_to_line", |b| {
        b.iter(|| {
            i += 1;
            if i % 30 == 0 {
                cart = Cart::default();
            }
            add(i, &mut cart)
        })
    });
}

fn name_search(c: &mut Criterion) {
    let shop = open();
    let items = shop.sellable_items().unwrap();

    println!("name index over {} items", items.len());
    let mut index = NameIndex::new(items);
    // Queries typed a key at a time, as a cashier does.
    let queries = ["indomie goreng", "aqua 600", "gula pasir 1kg", "sabun mandi", "kopi kapal api"];
    let keystrokes: Vec<String> = queries.iter().flat_map(|q| (1..=q.len()).map(move |n| q[..n].to_string())).collect();
    percentiles("name search per keystroke", keystrokes.len() * 20, |i| {
        index.search(&keystrokes[i % keystrokes.len()], 8);
    });
    let mut i = 0;
    c.bench_function("name_search_keystroke", |b| {
        b.iter(|| {
            i += 1;
            index.search(&keystrokes[i % keystrokes.len()], 8)
        })
    });
}

fn checkout(c: &mut Criterion) {
    let mut shop = open();
    let owner = shop.login("owner", "owner123").expect("scale shop owner");
    let codes = sample_codes(&shop, 97);
    let request = |shop: &Shop, i: usize| {
        let mut cart = Cart::default();
        for k in 0..10 {
            let (item, _) = shop.lookup_code(&codes[(i * 10 + k) % codes.len()]).unwrap().unwrap();
            cart.add(item, Qty::ONE).unwrap();
        }
        let total = shop.cart_totals(&cart).unwrap().total;
        let cash = Tender { method: PaymentMethod::Cash, amount: total, reference: String::new() };
        CheckoutRequest { cart, payments: vec![cash], ..Default::default() }
    };
    let requests: Vec<CheckoutRequest> = (0..900).map(|i| request(&shop, i)).collect();
    let sell = |shop: &mut Shop, actor: &Actor, r: &CheckoutRequest| shop.checkout(actor, r).expect("checkout");
    percentiles("checkout commit, 10 lines", 300, |i| {
        sell(&mut shop, &owner, &requests[i]);
    });
    // The summary upkeep is the difference to the same checkouts with the summaries'
    // build point set to now: the sale writer then leaves them to the build, which
    // catches up when the shop is opened again.
    let raw = rusqlite::Connection::open(scale_db()).expect("scale shop");
    raw.execute("UPDATE summary_state SET built_until = ?1", [warung::clock::Clock::now_ms(&SystemClock)]).unwrap();
    percentiles("checkout commit, 10 lines, without summary upkeep", 300, |i| {
        sell(&mut shop, &owner, &requests[300 + i]);
    });
    drop(shop);
    let mut shop = open();
    // As the TUI runs: checkpoints on a thread of their own, not in a checkout's commit.
    let checkpointer = shop.checkpoint_in_background().expect("checkpoint thread");
    percentiles("checkout commit, 10 lines, checkpoints on their own thread", 300, |i| {
        sell(&mut shop, &owner, &requests[600 + i]);
    });
    drop(checkpointer);
    let mut i = 600;
    let mut group = c.benchmark_group("checkout");
    group.sample_size(20).measurement_time(Duration::from_secs(3));
    group.bench_function("commit_10_lines", |b| {
        b.iter(|| {
            i = if i + 1 >= requests.len() { 600 } else { i + 1 };
            sell(&mut shop, &owner, &requests[i])
        })
    });
    group.finish();
}

fn render(c: &mut Criterion) {
    // The till's drawing cost does not depend on the database size.
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::open(&dir.path().join("r.db"), Arc::new(SystemClock)).unwrap();
    shop.build_demo().unwrap();
    let codes = sample_codes(&shop, 1);
    let mut app = App::new(shop, Lang::Id, Theme::load("default", false).unwrap(), None).unwrap();
    for c in "kasir".chars() {
        app.handle_key(&KeyEvent::from(KeyCode::Char(c)));
    }
    app.handle_key(&KeyEvent::from(KeyCode::Enter));
    for c in "demo123".chars() {
        app.handle_key(&KeyEvent::from(KeyCode::Char(c)));
    }
    app.handle_key(&KeyEvent::from(KeyCode::Enter));
    for code in codes.iter().take(30) {
        for c in code.chars() {
            app.handle_key(&KeyEvent::from(KeyCode::Char(c)));
        }
        app.handle_key(&KeyEvent::from(KeyCode::Enter));
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    percentiles("till render, 30 lines, 120x40", 2_000, |_| {
        terminal.draw(|f| app.render(f)).unwrap();
    });
    c.bench_function("till_render_30_lines_120x40", |b| {
        b.iter(|| {
            terminal.draw(|f| app.render(f)).unwrap();
        })
    });
}

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Start to first frame (open the scale shop, build the app, draw the login), and
/// the till ready after logging in (100k names loaded for search).
fn startup(_c: &mut Criterion) {
    let key = |app: &mut App, code: KeyCode| app.handle_key(&KeyEvent::from(code));
    let type_text =
        |app: &mut App, text: &str| text.chars().for_each(|c| app.handle_key(&KeyEvent::from(KeyCode::Char(c))));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    percentiles("start to first frame, scale shop", 20, |_| {
        let app = App::new(open(), Lang::Id, Theme::load("default", false).unwrap(), None).unwrap();
        terminal.draw(|f| app.render(f)).unwrap();
    });
    let mut app = App::new(open(), Lang::Id, Theme::load("default", false).unwrap(), None).unwrap();
    percentiles("login to the till with 100k items, scale shop", 1, |_| {
        type_text(&mut app, "owner");
        key(&mut app, KeyCode::Enter);
        type_text(&mut app, "owner123");
        key(&mut app, KeyCode::Enter);
        app.run(warung::tui::action::Action::GoTo(warung::tui::action::Module::Cashier));
        terminal.draw(|f| app.render(f)).unwrap();
    });
    println!("peak RSS of this benchmark process after that: {:.1} MB", peak_rss_mb().unwrap_or(f64::NAN));
}

criterion_group!(benches, startup, scan, name_search, checkout, render);
criterion_main!(benches);
