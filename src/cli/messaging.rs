//! `warung dispatch` and `warung webhook`.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::setup::{init_logging, open_existing};
use crate::clock::process_clock;
use crate::lang::Lang;
use crate::messaging::dispatcher::{Dispatcher, PassSummary};
use crate::messaging::webhook::{self, WebhookState};
use crate::services::{Actor, Refusal, ServiceError};

#[derive(Debug, clap::Args)]
pub struct DispatchArgs {
    /// Send what is due now, then exit (for cron); retries stay queued
    #[arg(long)]
    pub once: bool,
    /// Let a provider that was halted for refused credentials send again first
    #[arg(long)]
    pub resume: bool,
    /// Seconds a claimed message stays reserved for this dispatcher
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub lease: u64,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

fn describe(s: &PassSummary, lang: Lang) -> String {
    let PassSummary { sent, retrying, dead, unknown, postponed, skipped, held, .. } = s;
    match lang {
        Lang::En => format!(
            "sent {sent}, retrying later {retrying}, dead {dead}, unknown {unknown}, postponed {postponed}, \
             skipped {skipped}, held {held}"
        ),
        Lang::Id => format!(
            "terkirim {sent}, dicoba lagi nanti {retrying}, gagal tetap {dead}, tak jelas {unknown}, \
             ditunda {postponed}, dilewati {skipped}, ditahan {held}"
        ),
    }
}

/// Exit status false when the provider is halted (a bad token needs a person).
pub fn dispatch(db: &Path, args: &DispatchArgs, lang: Lang) -> anyhow::Result<bool> {
    open_existing(db, lang)?;
    let _log_guard = init_logging(db);
    let mut dispatcher = Dispatcher::from_settings(db, process_clock())?;
    dispatcher.set_lease(Duration::from_secs(args.lease.max(1)));
    let provider = dispatcher.provider_name();
    if args.resume {
        let mut shop = open_existing(db, lang)?;
        if shop.resume_channel(&Actor::command_line(), provider)? {
            eprintln!("{provider} {}", lang.pick("resumed", "dijalankan lagi"));
        }
    }
    let runtime = runtime()?;
    if args.once {
        let summary = runtime.block_on(dispatcher.run_once())?;
        eprintln!("{provider}: {}", describe(&summary, lang));
        if let Some(reason) = summary.halted {
            eprintln!(
                "warung: {}",
                match lang {
                    Lang::En => format!(
                        "{provider} is halted: {reason}. Fix its credentials, then run `warung dispatch --resume`"
                    ),
                    Lang::Id => format!(
                        "{provider} dihentikan: {reason}. Perbaiki kredensialnya, lalu jalankan \
                         `warung dispatch --resume`"
                    ),
                }
            );
            return Ok(false);
        }
        return Ok(true);
    }
    eprintln!(
        "{}",
        match lang {
            Lang::En => format!("dispatching through {provider}; Ctrl+C to stop"),
            Lang::Id => format!("mengirim lewat {provider}; Ctrl+C untuk berhenti"),
        }
    );
    runtime.block_on(async {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        });
        dispatcher.run(stopped).await
    })?;
    Ok(true)
}

pub fn webhook(db: &Path, listen: SocketAddr, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let _log_guard = init_logging(db);
    let new_fonnte_token = shop.ensure_fonnte_webhook_token(&Actor::command_line())?;
    let state = WebhookState::from_shop(shop)?;
    let routes = state.routes();
    if routes.is_empty() {
        return Err(ServiceError::from(Refusal::NoWebhooks { provider: state.provider.to_string() }).into());
    }
    if state.provider == "whatsapp_cloud" && state.app_secret.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "warning: whatsapp_cloud.app_secret is not set (nor WARUNG_WHATSAPP_CLOUD_APP_SECRET): \
                 WhatsApp webhooks will be refused",
                "peringatan: whatsapp_cloud.app_secret belum diisi (begitu juga WARUNG_WHATSAPP_CLOUD_APP_SECRET): \
                 webhook WhatsApp akan ditolak"
            )
        );
    }
    let runtime = runtime()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let address = listener.local_addr()?;
        if let Some(token) = new_fonnte_token {
            // Shown this once: the owner pastes it into Fonnte's dashboard.
            let shown_once = lang.pick(
                "Fonnte webhook URL, shown only this once: paste it into Fonnte's dashboard (with your public address)",
                "URL webhook Fonnte, hanya ditampilkan sekali ini: tempel di dasbor Fonnte (dengan alamat publik Anda)",
            );
            eprintln!("{shown_once}\n  http://{address}/webhooks/fonnte/{token}");
        }
        for route in routes {
            eprintln!("{} http://{address}{route}", lang.pick("listening on", "mendengarkan di"));
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        webhook::serve(listener, Arc::new(state), shutdown).await?;
        anyhow::Ok(())
    })
}

#[derive(Debug, clap::Subcommand)]
pub enum WhatsappCommand {
    /// The shop's message templates on its WhatsApp Business Account (whatsapp_cloud.waba_id)
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesAction {
    /// Create (or edit) every template on the account; Meta reviews each before it may be sent
    Push,
    /// Each template's status, quality rating and rejection reason (recorded for the dispatcher)
    Status,
}

/// `warung whatsapp templates push|status`. Exit status false if any template failed.
pub fn whatsapp(db: &Path, what: &WhatsappCommand, lang: Lang) -> anyhow::Result<bool> {
    let WhatsappCommand::Templates { action } = what;
    let mut shop = open_existing(db, lang)?;
    let _log_guard = init_logging(db);
    let account = crate::messaging::templates_api::WhatsAppAccount::from_settings(&shop)?;
    let runtime = runtime()?;
    match action {
        TemplatesAction::Push => {
            let pushes = shop.template_pushes()?;
            let mut ok = true;
            for push in &pushes {
                let name = push.body["name"].as_str().unwrap_or_default();
                let language = push.body["language"].as_str().unwrap_or_default();
                match runtime.block_on(account.push(push)) {
                    Ok(state) => {
                        shop.record_template_platform(name, language, &state)?;
                        let status = state.status.as_deref().unwrap_or("?");
                        let id = state.id.as_deref().unwrap_or("?");
                        eprintln!("{}: {name} ({language}, {}) {status}, id {id}", push.key, push.body["category"]);
                    }
                    Err(e) => {
                        ok = false;
                        let not_pushed = lang.pick("not pushed", "tidak terkirim");
                        eprintln!("{}: {name} ({language}) {not_pushed}: {e}", push.key);
                    }
                }
            }
            Ok(ok)
        }
        TemplatesAction::Status => {
            let remote = runtime.block_on(account.templates()).map_err(anyhow::Error::msg)?;
            // Tab-separated for scripts: the header stays as it is.
            println!("key\tname\tlanguage\tcategory\tstatus\tquality\treason");
            for t in &remote {
                let keys = shop.record_template_platform(&t.name, &t.language, &t.state)?;
                let s = &t.state;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    keys.join(","),
                    t.name,
                    t.language,
                    t.category,
                    s.status.as_deref().unwrap_or(""),
                    s.quality.as_deref().unwrap_or(""),
                    s.reason.as_deref().unwrap_or("")
                );
            }
            Ok(true)
        }
    }
}
