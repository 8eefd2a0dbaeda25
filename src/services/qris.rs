//! The shop's QRIS: taken from the QR image the bank gave the shop (PNG or JPEG,
//! decoded with `rqrr`), checked, and saved as the `qris.payload` setting.

use std::path::Path;

use super::{Actor, Refusal, Result, Shop};

/// The text of the one QR code in the image at `path`.
pub fn read_qr_image(path: &Path) -> Result<String> {
    let path = path.display().to_string();
    let image =
        image::open(&path).map_err(|e| Refusal::QrUnreadableImage { path: path.clone(), detail: e.to_string() })?;
    let mut prepared = rqrr::PreparedImage::prepare(image.to_luma8());
    let grids = prepared.detect_grids();
    match grids.as_slice() {
        [grid] => Ok(grid
            .decode()
            .map(|(_, text)| text)
            .map_err(|e| Refusal::QrUnreadableCode { path, detail: e.to_string() })?),
        [] => Err(Refusal::QrNone { path }.into()),
        more => Err(Refusal::QrSeveral { path, count: more.len() }.into()),
    }
}

impl Shop {
    /// Read the bank's QRIS image and save it as `qris.payload` (checked like a
    /// pasted one). Returns the merchant name it carries.
    pub fn import_qris_image(&mut self, actor: &Actor, path: &Path) -> Result<String> {
        let text = read_qr_image(path)?;
        self.set_setting(actor, "qris.payload", &text)?;
        let payload = self.qris_payload()?.ok_or(Refusal::QrEmpty)?;
        Ok(payload.merchant_name().unwrap_or_default().to_string())
    }
}
