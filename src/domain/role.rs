//! Roles and what each may do. Services check these; screens only hide what a role
//! cannot use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Manager,
    Cashier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Ring up sales, attach and quick-create customers.
    Sell,
    /// Create and edit items, categories, units, suppliers.
    EditMasterData,
    /// Create and edit customers (cashiers may quick-create at the till).
    EditCustomers,
    /// See item costs and profit.
    SeeCost,
    /// Sell below the price list: type a price, or a discount above the no-PIN limit,
    /// or credit above a customer's limit.
    ApproveExceptions,
    ChangeSettings,
    ManageUsers,
    /// Import and export files (exports include customer phone numbers).
    ImportExport,
    /// Void a completed sale (owners and managers; cashiers take a return instead).
    VoidSale,
    /// Read the audit trail. Owners only: it watches managers too.
    SeeAudit,
    /// Receive purchases, return goods to suppliers, pay suppliers.
    Purchase,
    /// Adjust stock by hand, start and approve stock counts.
    AdjustStock,
}

impl Permission {
    /// What it lets a user do, in Indonesian ("a cashier may not …" in English names
    /// the exact action instead).
    pub fn indonesian(self) -> &'static str {
        match self {
            Permission::Sell => "berjualan",
            Permission::EditMasterData => "mengubah data barang, kategori, satuan dan pemasok",
            Permission::EditCustomers => "mengubah data dan pesan pelanggan",
            Permission::SeeCost => "melihat harga modal dan laba",
            Permission::ApproveExceptions => "menyetujui pengecualian (harga, diskon, kasbon)",
            Permission::ChangeSettings => "mengubah pengaturan",
            Permission::ManageUsers => "mengelola pengguna",
            Permission::ImportExport => "mengimpor dan mengekspor berkas",
            Permission::VoidSale => "membatalkan penjualan",
            Permission::SeeAudit => "membaca jejak audit",
            Permission::Purchase => "mengurus pembelian dan utang ke pemasok",
            Permission::AdjustStock => "menyesuaikan stok",
        }
    }
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Manager, Role::Cashier];

    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Cashier => "cashier",
        }
    }

    /// What a user reads: "cashier" / "kasir".
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Owner => lang.pick("owner", "pemilik"),
            Role::Manager => lang.pick("manager", "manajer"),
            Role::Cashier => lang.pick("cashier", "kasir"),
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Owner => true,
            Role::Manager => !matches!(permission, ManageUsers | SeeAudit),
            Role::Cashier => matches!(permission, Sell | EditCustomers),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a role (use owner, manager or cashier)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "owner" | "pemilik" => Ok(Role::Owner),
            "manager" | "manajer" => Ok(Role::Manager),
            "cashier" | "kasir" => Ok(Role::Cashier),
            _ => Err(UnknownRole(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_matrix() {
        use Permission::*;
        let all = [
            Sell,
            EditMasterData,
            EditCustomers,
            SeeCost,
            ApproveExceptions,
            ChangeSettings,
            ManageUsers,
            ImportExport,
            VoidSale,
            SeeAudit,
            Purchase,
            AdjustStock,
        ];
        assert!(all.iter().all(|p| Role::Owner.can(*p)));
        assert!(!Role::Manager.can(ManageUsers));
        assert!(!Role::Manager.can(SeeAudit));
        assert!(Role::Manager.can(ChangeSettings));
        assert!(Role::Manager.can(VoidSale));
        assert!(Role::Manager.can(Purchase) && Role::Manager.can(AdjustStock));
        let cashier: Vec<_> = all.iter().filter(|p| Role::Cashier.can(**p)).collect();
        assert_eq!(cashier, vec![&Sell, &EditCustomers]);
    }
}
