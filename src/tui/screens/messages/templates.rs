//! The templates tab: the list, and an editor for the text, the WhatsApp template
//! name and its parameter order, with a preview for a real customer as you type.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::words::Vocabulary;
use crate::services::messages::templates::parse_param_list;
use crate::services::messages::{MessageKind, MessageTemplate, RenderedMessage};
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::keymap::{Key, KeyHelp, MOVE, chr, help, key, lookup, press};
use crate::tui::theme::Theme;
use crate::tui::widgets::help::hint_text;
use crate::tui::widgets::form::{FieldSpec, Form, FormOutcome, lines, text};
use crate::tui::widgets::table::{Column, TableView, col, flex, move_selection};

const COLUMNS: &[Column] = &[
    col("Key", "Kunci", 22, 9),
    col("Kind", "Jenis", 11, 6),
    col("WhatsApp", "WhatsApp", 16, 4),
    col("Status", "Status", 9, 0),
    flex("Text", "Isi", 20, 8),
];

const EDIT: &[FieldSpec] = &[
    lines("body", "Text", "Isi"),
    text("wa_name", "WhatsApp template", "Template WhatsApp"),
    text("wa_language", "WA language", "Bahasa WA"),
    text("wa_params", "WA params, in order", "Urutan parameter WA"),
];

const NEW: &[FieldSpec] = &[
    text("key", "Key (a-z, 0-9, _)", "Kunci (a-z, 0-9, _)"),
    lines("body", "Text", "Isi"),
    text("wa_name", "WhatsApp template", "Template WhatsApp"),
    text("wa_language", "WA language", "Bahasa WA"),
    text("wa_params", "WA params, in order", "Urutan parameter WA"),
];

/// What the templates tab's keys do (the editor's form has its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TemplateKey {
    Move,
    Edit,
    New,
    /// The preview for the next customer.
    NextCustomer,
}

/// The list; the hints end its header.
const LIST_KEYS: &[Key<TemplateKey>] = &[
    key("↑/↓ PgUp/PgDn", MOVE, TemplateKey::Move, "choose a template", "pilih template"),
    key("Enter", &[press(KeyCode::Enter)], TemplateKey::Edit, "edit the template", "ubah template").hint("edit", "ubah"),
    key("n", &[chr('n')], TemplateKey::New, "new campaign template", "template kampanye baru").hint("new", "baru"),
];

/// Besides the form's keys; said in the preview's title.
const EDITOR_KEYS: &[Key<TemplateKey>] = &[key(
    "F2",
    &[press(KeyCode::F(2))],
    TemplateKey::NextCustomer,
    "preview for the next customer",
    "pratinjau untuk pelanggan berikut",
)
.hint("next", "berikut")];

#[derive(Debug)]
struct Editor {
    form: Form,
    /// The template edited; None while creating one.
    key: Option<String>,
    kind: MessageKind,
    preview: Option<Result<RenderedMessage, String>>,
}

#[derive(Debug, Default)]
pub struct TemplatesTab {
    templates: Vec<MessageTemplate>,
    /// (key, platform status) of the templates the platform reported on.
    status: Vec<(String, String)>,
    selected: usize,
    customers: Vec<(i64, String)>,
    /// Which customer the preview is for.
    customer: usize,
    editor: Option<Editor>,
}

impl TemplatesTab {
    pub fn set_data(
        &mut self,
        templates: Vec<MessageTemplate>,
        status: Vec<(String, String)>,
        customers: Vec<(i64, String)>,
    ) {
        self.status = status;
        self.selected = self.selected.min(templates.len().saturating_sub(1));
        self.customer = self.customer.min(customers.len().saturating_sub(1));
        self.templates = templates;
        self.customers = customers;
    }

    pub fn is_editing(&self) -> bool {
        self.editor.is_some()
    }

    pub fn set_preview(&mut self, preview: Result<RenderedMessage, String>) {
        if let Some(editor) = &mut self.editor {
            editor.preview = Some(preview);
        }
    }

    pub fn failed(&mut self, message: String) {
        if let Some(editor) = &mut self.editor {
            editor.form.message = Some(message);
        }
    }

    pub fn close(&mut self) {
        self.editor = None;
    }

    fn open(&mut self, template: Option<&MessageTemplate>, lang: Lang) -> Option<Action> {
        let editor = match template {
            Some(t) => Editor {
                form: Form::new(
                    format!("{} {}", lang.pick("Template", "Template"), t.key),
                    EDIT,
                    &[t.body.clone(), t.wa_name.clone(), t.wa_language.clone(), t.wa_params.join(", ")],
                ),
                key: Some(t.key.clone()),
                kind: t.kind,
                preview: None,
            },
            None => Editor {
                form: Form::new(
                    lang.pick("New campaign template", "Template kampanye baru").to_string(),
                    NEW,
                    &[String::new(), String::new(), String::new(), "id".into(), "customer_name".into()],
                ),
                key: None,
                kind: MessageKind::Campaign,
                preview: None,
            },
        };
        self.editor = Some(editor);
        self.preview_action()
    }

    /// The template as the editor has it now.
    fn draft(&self) -> Option<MessageTemplate> {
        let editor = self.editor.as_ref()?;
        let form = &editor.form;
        Some(MessageTemplate {
            key: editor.key.clone().unwrap_or_else(|| form.value("key").trim().to_string()),
            kind: editor.kind,
            body: form.value("body"),
            wa_name: form.value("wa_name").trim().to_string(),
            wa_language: form.value("wa_language").trim().to_string(),
            wa_params: parse_param_list(&form.value("wa_params")),
        })
    }

    fn preview_action(&self) -> Option<Action> {
        let (customer_id, _) = self.customers.get(self.customer)?;
        Some(Action::Messages(MessagesAction::Preview { template: self.draft()?, customer_id: *customer_id }))
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        match &self.editor {
            Some(editor) => help(EDITOR_KEYS).into_iter().chain(editor.form.keys()).collect(),
            None => help(LIST_KEYS),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, lang: Lang) -> Option<Action> {
        if let Some(editor) = &mut self.editor {
            if let Some(TemplateKey::NextCustomer) = lookup(EDITOR_KEYS, key) {
                self.customer = (self.customer + 1) % self.customers.len().max(1);
                return self.preview_action();
            }
            return match editor.form.handle_key(key) {
                FormOutcome::Cancel => {
                    self.editor = None;
                    None
                }
                FormOutcome::Submit => Some(Action::Messages(MessagesAction::SaveTemplate(self.draft()?))),
                FormOutcome::Continue => self.preview_action(),
            };
        }
        match lookup(LIST_KEYS, key)? {
            TemplateKey::Edit => {
                let template = self.templates.get(self.selected).cloned();
                template.and_then(|t| self.open(Some(&t), lang))
            }
            TemplateKey::New => self.open(None, lang),
            TemplateKey::Move => {
                self.selected = move_selection(self.selected, self.templates.len(), key.code);
                None
            }
            TemplateKey::NextCustomer => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        match &self.editor {
            Some(editor) => self.render_editor(editor, frame, area, theme, lang),
            None => {
                let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
                let text = format!(
                    "{} {} · {}",
                    self.templates.len(),
                    lang.pick("templates", "template"),
                    hint_text(LIST_KEYS, lang)
                );
                frame.render_widget(Paragraph::new(Span::styled(text, theme.accent())), head);
                let rows: Vec<Vec<String>> = self
                    .templates
                    .iter()
                    .map(|t| {
                        let status = self.status.iter().find(|(k, _)| *k == t.key).map(|(_, s)| s.as_str());
                        // The assistant's texts are no platform templates: their language instead.
                        let (kind, platform) = if t.kind.is_free_text() {
                            let free = lang.pick("free text", "teks bebas");
                            (lang.pick("chatbot", "asisten").to_string(), format!("{free} ({})", t.wa_language))
                        } else {
                            (Vocabulary::MessageKind.word(t.kind.code(), lang).to_string(), t.wa_name.clone())
                        };
                        // The whole text on its row, line breaks shown as in the editor.
                        let body = t.body.replace('\n', "⏎");
                        vec![t.key.clone(), kind, platform, status.unwrap_or("-").to_string(), body]
                    })
                    .collect();
                let selected = (!rows.is_empty()).then_some(self.selected);
                TableView { columns: COLUMNS, rows: &rows, dimmed: &[], selected }.render(frame, table, theme, lang);
            }
        }
    }

    fn render_editor(&self, editor: &Editor, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let height = editor.form.wanted_height(area.width).min(area.height.saturating_sub(3));
        let [form, preview] = Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(area);
        editor.form.render(frame, form, theme, lang);
        let customer = self.customers.get(self.customer).map(|(_, name)| name.as_str()).unwrap_or("-");
        let mut lines = vec![Line::from(Span::styled(
            format!("{} {customer} ({})", lang.pick("Preview for", "Pratinjau untuk"), hint_text(EDITOR_KEYS, lang)),
            theme.title(),
        ))];
        match &editor.preview {
            Some(Ok(message)) => {
                // The assistant's texts run over several lines.
                lines.extend(message.body.lines().map(Line::from));
                if !editor.kind.is_free_text() {
                    lines.push(Line::from(Span::styled(
                        format!("WA {}: [{}]", editor.form.value("wa_name").trim(), message.wa_params.join(" | ")),
                        theme.muted(),
                    )));
                }
            }
            Some(Err(error)) => lines.push(Line::from(Span::styled(format!("⚠ {error}"), theme.error()))),
            None => {}
        }
        lines.push(Line::from(Span::styled(
            format!("{}: {}", lang.pick("Variables", "Variabel"), editor.kind.variables().join(", ")),
            theme.muted(),
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), preview);
    }
}
