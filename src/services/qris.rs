//! The shop's QRIS: taken from the QR image the bank gave the shop (PNG or JPEG,
//! decoded with `rqrr`), checked, and saved as the `qris.payload` setting.

use std::path::Path;

use super::{Actor, Result, ServiceError, Shop};

/// The text of the one QR code in the image at `path`.
pub fn read_qr_image(path: &Path) -> Result<String> {
    let fail = |what: String| ServiceError::Rejected(format!("{}: {what}", path.display()));
    let image = image::open(path).map_err(|e| fail(format!("not a PNG or JPEG image I can read ({e})")))?;
    let mut prepared = rqrr::PreparedImage::prepare(image.to_luma8());
    let grids = prepared.detect_grids();
    match grids.as_slice() {
        [grid] => grid.decode().map(|(_, text)| text).map_err(|e| fail(format!("the QR code cannot be read ({e})"))),
        [] => Err(fail("no QR code found; photograph it straight and sharp, or paste the payload text".into())),
        more => Err(fail(format!("{} QR codes found; crop the image to the shop's QRIS", more.len()))),
    }
}

impl Shop {
    /// Read the bank's QRIS image and save it as `qris.payload` (checked like a
    /// pasted one). Returns the merchant name it carries.
    pub fn import_qris_image(&mut self, actor: &Actor, path: &Path) -> Result<String> {
        let text = read_qr_image(path)?;
        self.set_setting(actor, "qris.payload", &text)?;
        let payload = self.qris_payload()?.ok_or_else(|| ServiceError::Rejected("the QR is empty".into()))?;
        Ok(payload.merchant_name().unwrap_or_default().to_string())
    }
}
