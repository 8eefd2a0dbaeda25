//! Provider answers into [`SendOutcome`]s. Kept apart from the HTTP code so each rule
//! is unit-tested on its own.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::SendOutcome;

/// A transport failure. Only a failed connection proves the request never left; a
/// timeout or a broken answer may come after the provider took the message.
pub fn transport(error: &reqwest::Error) -> SendOutcome {
    if error.is_connect() {
        SendOutcome::Retry { after: None, reason: format!("could not connect: {}", without_url(error)) }
    } else if error.is_timeout() {
        SendOutcome::Unknown("timed out after the request was sent; waiting for the provider's status".into())
    } else {
        SendOutcome::Unknown(format!("no clear answer after sending: {}", without_url(error)))
    }
}

/// reqwest errors print the URL; keep them short (and free of anything in the URL).
pub(crate) fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" ({url})"), "").replace(url.as_str(), "");
    }
    text
}

/// `Retry-After` in seconds.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// HTTP statuses that mean the same for every provider: rate limited or server trouble.
fn transient_status(status: u16, retry_after: Option<Duration>, detail: &str) -> Option<SendOutcome> {
    match status {
        429 => Some(SendOutcome::Retry { after: retry_after, reason: format!("rate limited (HTTP 429): {detail}") }),
        500..=599 => Some(SendOutcome::Retry { after: retry_after, reason: format!("HTTP {status}: {detail}") }),
        _ => None,
    }
}

/// How long marketing pauses on a channel after Graph 131048 (spam rate limit).
pub const MARKETING_PAUSE: Duration = Duration::from_secs(3600);

/// The Meta Graph API's error codes: the one classifier for send answers and for the
/// errors status webhooks report later (there `status` is 0).
pub fn graph(status: u16, code: Option<i64>, message: &str, retry_after: Option<Duration>) -> SendOutcome {
    let reason = match code {
        Some(code) => format!("WhatsApp error {code}: {message}"),
        None => format!("WhatsApp HTTP {status}: {message}"),
    };
    match code {
        Some(131049) => SendOutcome::CapReached(reason),
        Some(130472) => SendOutcome::Experiment(reason),
        Some(131047) => SendOutcome::WindowClosed(reason),
        Some(131048) => SendOutcome::PauseMarketing { after: MARKETING_PAUSE, reason },
        Some(132015 | 132016 | 132001 | 132000 | 132012) => SendOutcome::HoldTemplate(reason),
        Some(0 | 10 | 190 | 368 | 131031) => SendOutcome::HaltChannel(reason),
        Some(131050) => SendOutcome::OptOut(reason),
        Some(131056) => SendOutcome::DelayRecipient { after: retry_after.unwrap_or(Duration::from_secs(60)), reason },
        Some(1 | 2 | 4 | 80007 | 130429 | 131000) => SendOutcome::Retry { after: retry_after, reason },
        Some(131026 | 131051 | 132000..=132999) => SendOutcome::Permanent(reason),
        _ => match status {
            401 => SendOutcome::HaltChannel(reason),
            _ => transient_status(status, retry_after, message).unwrap_or(SendOutcome::Permanent(reason)),
        },
    }
}

/// Fonnte answers HTTP 200 with `"status": false` and a `reason` when it fails.
pub fn fonnte_refusal(reason: &str) -> SendOutcome {
    let lower = reason.to_ascii_lowercase();
    let text = format!("Fonnte: {reason}");
    if lower.contains("token") || lower.contains("disconnect") || lower.contains("unauthori") {
        // A bad token or a logged-out device: every further message would fail too.
        SendOutcome::HaltChannel(text)
    } else if lower.contains("target") || lower.contains("number") || lower.contains("not registered") {
        SendOutcome::Permanent(text)
    } else {
        SendOutcome::Retry { after: None, reason: text }
    }
}

/// An HTTP failure from Fonnte (not the 200-with-false kind).
pub fn fonnte_http(status: u16, retry_after: Option<Duration>, detail: &str) -> SendOutcome {
    match status {
        401 | 403 => SendOutcome::HaltChannel(format!("Fonnte refused the token (HTTP {status})")),
        _ => transient_status(status, retry_after, detail)
            .unwrap_or_else(|| SendOutcome::Permanent(format!("Fonnte HTTP {status}: {detail}"))),
    }
}

/// Twilio's error codes.
pub fn twilio(status: u16, code: Option<i64>, message: &str, retry_after: Option<Duration>) -> SendOutcome {
    let reason = match code {
        Some(code) => format!("Twilio error {code}: {message}"),
        None => format!("Twilio HTTP {status}: {message}"),
    };
    match (status, code) {
        (401 | 403, _) | (_, Some(20003)) => SendOutcome::HaltChannel(reason),
        (_, Some(21610)) => SendOutcome::OptOut(reason),
        // The same platform decisions as Graph 131049, 130472 and 131047.
        (_, Some(63049)) => SendOutcome::CapReached(reason),
        (_, Some(63032)) => SendOutcome::Experiment(reason),
        (_, Some(63016)) => SendOutcome::WindowClosed(reason),
        (_, Some(20429)) => SendOutcome::Retry { after: retry_after, reason },
        _ => transient_status(status, retry_after, message).unwrap_or(SendOutcome::Permanent(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(outcome: &SendOutcome) -> &'static str {
        match outcome {
            SendOutcome::Sent { .. } => "sent",
            SendOutcome::Retry { .. } => "retry",
            SendOutcome::DelayRecipient { .. } => "delay",
            SendOutcome::Permanent(_) => "permanent",
            SendOutcome::HaltChannel(_) => "halt",
            SendOutcome::OptOut(_) => "optout",
            SendOutcome::Unknown(_) => "unknown",
            SendOutcome::CapReached(_) => "cap",
            SendOutcome::Experiment(_) => "experiment",
            SendOutcome::WindowClosed(_) => "window",
            SendOutcome::PauseMarketing { .. } => "pause",
            SendOutcome::HoldTemplate(_) => "hold",
        }
    }

    #[test]
    fn graph_codes_are_classified_as_the_issue_lists_them() {
        let cases = [
            (1, "retry"),
            (2, "retry"),
            (4, "retry"),
            (80007, "retry"),
            (130429, "retry"),
            (131000, "retry"),
            (131056, "delay"),
            (131026, "permanent"),
            (131051, "permanent"),
            (132005, "permanent"),
            (131049, "cap"),
            (130472, "experiment"),
            (131047, "window"),
            (131048, "pause"),
            (132015, "hold"),
            (132016, "hold"),
            (132001, "hold"),
            (132000, "hold"),
            (132012, "hold"),
            (0, "halt"),
            (190, "halt"),
            (10, "halt"),
            (368, "halt"),
            (131031, "halt"),
            (131050, "optout"),
        ];
        for (code, want) in cases {
            assert_eq!(kind(&graph(400, Some(code), "x", None)), want, "code {code}");
        }
        assert_eq!(kind(&graph(503, None, "x", None)), "retry");
        assert_eq!(kind(&graph(400, Some(100), "bad parameter", None)), "permanent");
    }

    #[test]
    fn retry_after_is_kept_and_delay_defaults_to_a_minute() {
        let after = Some(Duration::from_secs(7));
        assert_eq!(
            graph(429, Some(130429), "x", after),
            SendOutcome::Retry { after, reason: "WhatsApp error 130429: x".into() }
        );
        match graph(400, Some(131056), "pair", None) {
            SendOutcome::DelayRecipient { after, .. } => assert_eq!(after, Duration::from_secs(60)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fonnte_reasons() {
        assert_eq!(kind(&fonnte_refusal("token invalid")), "halt");
        assert_eq!(kind(&fonnte_refusal("invalid token")), "halt");
        assert_eq!(kind(&fonnte_refusal("device disconnected")), "halt");
        assert_eq!(kind(&fonnte_refusal("invalid target")), "permanent");
        assert_eq!(kind(&fonnte_refusal("request timeout")), "retry");
        assert_eq!(kind(&fonnte_http(500, None, "x")), "retry");
        assert_eq!(kind(&fonnte_http(401, None, "x")), "halt");
    }

    #[test]
    fn twilio_codes() {
        assert_eq!(kind(&twilio(401, Some(20003), "Authenticate", None)), "halt");
        assert_eq!(kind(&twilio(400, Some(21610), "unsubscribed", None)), "optout");
        assert_eq!(kind(&twilio(400, Some(21211), "invalid To", None)), "permanent");
        assert_eq!(kind(&twilio(429, Some(20429), "too many", None)), "retry");
        assert_eq!(kind(&twilio(503, None, "x", None)), "retry");
        assert_eq!(kind(&twilio(400, Some(63049), "Meta chose not to deliver", None)), "cap");
        assert_eq!(kind(&twilio(400, Some(63032), "experiment", None)), "experiment");
        assert_eq!(kind(&twilio(400, Some(63016), "outside the window", None)), "window");
    }
}
