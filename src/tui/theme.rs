//! Colour themes from themes/*.toml: semantic roles, so screens say "error" or
//! "muted" and never pick colours themselves.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const THEME_NAMES: [&str; 4] = ["default", "light", "high-contrast", "mono"];

fn source(name: &str) -> Option<&'static str> {
    Some(match name {
        "default" => include_str!("../../themes/default.toml"),
        "light" => include_str!("../../themes/light.toml"),
        "high-contrast" => include_str!("../../themes/high-contrast.toml"),
        "mono" => include_str!("../../themes/mono.toml"),
        _ => return None,
    })
}

#[derive(Debug, Deserialize)]
struct ThemeFile {
    name: String,
    base_fg: String,
    base_bg: String,
    title: String,
    muted: String,
    accent: String,
    selection_fg: String,
    selection_bg: String,
    error: String,
    warning: String,
    success: String,
    border: String,
    bar_fg: String,
    bar_bg: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    base: Style,
    title: Color,
    muted: Color,
    accent: Color,
    selection: Style,
    error: Color,
    warning: Color,
    success: Color,
    border: Color,
    bar: Style,
    /// Without colours, selection and the bars are shown reversed.
    mono: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme '{0}' (use default, light, high-contrast or mono)")]
    Unknown(String),
    #[error("theme {name}: {message}")]
    Invalid { name: String, message: String },
}

fn color(name: &str, field: &str, value: &str) -> Result<Color, ThemeError> {
    Color::from_str(value).map_err(|_| ThemeError::Invalid {
        name: name.to_string(),
        message: format!("{field} = \"{value}\" is not a colour"),
    })
}

impl Theme {
    /// Load a shipped theme; `no_color` (the NO_COLOR convention) forces mono.
    pub fn load(name: &str, no_color: bool) -> Result<Theme, ThemeError> {
        let name = if no_color { "mono" } else { name };
        let text = source(name).ok_or_else(|| ThemeError::Unknown(name.to_string()))?;
        Theme::parse(text)
    }

    pub fn parse(text: &str) -> Result<Theme, ThemeError> {
        let file: ThemeFile =
            toml::from_str(text).map_err(|e| ThemeError::Invalid { name: "?".into(), message: e.to_string() })?;
        let n = file.name.clone();
        let c = |field: &str, value: &str| color(&n, field, value);
        let mono = file.name == "mono";
        Ok(Theme {
            base: Style::new().fg(c("base_fg", &file.base_fg)?).bg(c("base_bg", &file.base_bg)?),
            title: c("title", &file.title)?,
            muted: c("muted", &file.muted)?,
            accent: c("accent", &file.accent)?,
            selection: Style::new()
                .fg(c("selection_fg", &file.selection_fg)?)
                .bg(c("selection_bg", &file.selection_bg)?),
            error: c("error", &file.error)?,
            warning: c("warning", &file.warning)?,
            success: c("success", &file.success)?,
            border: c("border", &file.border)?,
            bar: Style::new().fg(c("bar_fg", &file.bar_fg)?).bg(c("bar_bg", &file.bar_bg)?),
            name: file.name,
            mono,
        })
    }

    pub fn base(&self) -> Style {
        self.base
    }
    pub fn title(&self) -> Style {
        Style::new().fg(self.title).add_modifier(Modifier::BOLD)
    }
    pub fn muted(&self) -> Style {
        Style::new().fg(self.muted)
    }
    pub fn accent(&self) -> Style {
        Style::new().fg(self.accent).add_modifier(Modifier::BOLD)
    }
    pub fn selection(&self) -> Style {
        if self.mono { Style::new().add_modifier(Modifier::REVERSED) } else { self.selection }
    }
    pub fn error(&self) -> Style {
        Style::new().fg(self.error).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        Style::new().fg(self.warning)
    }
    pub fn success(&self) -> Style {
        Style::new().fg(self.success)
    }
    pub fn border(&self) -> Style {
        Style::new().fg(self.border)
    }
    pub fn bar(&self) -> Style {
        if self.mono { Style::new().add_modifier(Modifier::REVERSED) } else { self.bar }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_loads() {
        for name in THEME_NAMES {
            let theme = Theme::load(name, false).unwrap();
            assert_eq!(theme.name, name);
        }
    }

    #[test]
    fn no_color_forces_mono() {
        let theme = Theme::load("default", true).unwrap();
        assert_eq!(theme.name, "mono");
        assert_eq!(theme.selection(), Style::new().add_modifier(Modifier::REVERSED));
    }

    #[test]
    fn bad_colour_names_the_field() {
        let text = include_str!("../../themes/default.toml").replace("\"lightred\"", "\"blurple\"");
        let err = Theme::parse(&text).unwrap_err().to_string();
        assert_eq!(err, "theme default: error = \"blurple\" is not a colour");
        assert!(matches!(Theme::load("neon", false), Err(ThemeError::Unknown(_))));
    }
}
