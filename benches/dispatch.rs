//! Dispatcher throughput to a loopback WhatsApp Cloud gateway, unthrottled (budget:
//! at least 200 messages/s). `cargo bench --bench dispatch`

#[path = "../tests/gateway/mod.rs"]
mod gateway;

use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use warung::clock::SystemClock;
use warung::messaging::dispatcher::{DispatchOptions, Dispatcher};
use warung::messaging::pacing::RateLimiter;
use warung::messaging::providers::{http_client, whatsapp_cloud::WhatsAppCloud};
use warung::services::Shop;
use warung::store::outbox::{self, NewMessage};
use warung::store::{Store, StoreError};

const MESSAGES: usize = 500;

fn queued_shop(dir: &std::path::Path, round: usize) -> Shop {
    let db = dir.join(format!("bench-{round}.db"));
    let mut store = Store::open(&db).unwrap();
    store
        .write(|tx| {
            for k in 0..MESSAGES {
                let phone = format!("62812{k:07}");
                let body = format!("Halo, terima kasih sudah berbelanja. Nota {k}.");
                outbox::enqueue(
                    tx,
                    &NewMessage {
                        kind: "receipt",
                        channel: "whatsapp",
                        phone: &phone,
                        customer_id: None,
                        template: "receipt",
                        params_json: r#"{"wa_params":["Bu Sri","Rp 7.000"]}"#,
                        body: &body,
                        dedupe_key: &format!("bench:{k}"),
                        at: 0,
                    },
                )?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    Shop::new(store, Arc::new(SystemClock))
}

fn dispatch(c: &mut Criterion) {
    let gw = gateway::Gateway::start();
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut round = 0;
    let mut group = c.benchmark_group("dispatch");
    group.sample_size(10).throughput(Throughput::Elements(MESSAGES as u64));
    group.bench_function("whatsapp_cloud_loopback_500", |b| {
        b.iter_batched(
            || {
                round += 1;
                let provider = WhatsAppCloud {
                    client: http_client(Duration::from_secs(10)).unwrap(),
                    base_url: gw.url.clone(),
                    phone_number_id: "PNID".into(),
                    token: "bench".into(),
                };
                let options = DispatchOptions {
                    lease: Duration::from_secs(60),
                    backoff_base: Duration::from_secs(30),
                    backoff_cap: Duration::from_secs(3600),
                    max_attempts: 8,
                    rate: RateLimiter::unthrottled(),
                    recipient_gap: Duration::ZERO,
                    quiet_hours: None,
                    marketing_daily_cap: 0,
                    poll: Duration::from_secs(1),
                    experiment: Duration::from_secs(30 * 86_400),
                };
                Dispatcher::new(queued_shop(dir.path(), round), Box::new(provider), options)
            },
            |mut dispatcher| {
                let summary = runtime.block_on(dispatcher.run_once()).unwrap();
                assert_eq!(summary.sent, MESSAGES);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
