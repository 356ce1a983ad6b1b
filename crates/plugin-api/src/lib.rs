//! The stable boundary between go-defer-rewriter and its rule plugins.
//!
//! A plugin is a shared library (`crate-type = ["cdylib"]`) that implements
//! [`guest::Plugin`] and calls [`export_plugin!`]. Across the boundary there is only
//! a C ABI of plain data ([`abi`]): no Rust types whose layout depends on the
//! compiler, no syntax-tree pointers. The host:
//!
//! 1. reads the exported `u32` [`ABI_VERSION_SYMBOL`] and refuses the library unless
//!    it equals [`ABI_VERSION`], before calling any of its code;
//! 2. calls [`ENTRY_SYMBOL`], which returns an [`abi::VTable`] carrying its own size;
//! 3. creates the plugin from its configuration text and reads its patterns and
//!    checks; runs checks on files (in parallel); releases everything the plugin
//!    allocated with the plugin's own `free_*` functions; never unloads the library.
//!
//! The `host` feature adds [`host`], the loader (with `libloading`).

pub mod abi;
pub mod guest;
#[cfg(feature = "host")]
pub mod host;
pub mod types;

pub use guest::{Defer, Exit, File, Function, Node, Plugin};
pub use types::{
    Applicability, Check, Diagnostic, Edit, ExitKind, Fix, FixAvailability, FunctionKind, Severity,
};

/// The version of [`abi`]. Changed on any incompatible change to it.
pub const ABI_VERSION: u32 = 1;

/// The exported `u32` holding the plugin's [`ABI_VERSION`].
pub const ABI_VERSION_SYMBOL: &str = "gdr_plugin_abi_version";

/// The exported [`abi::EntryFn`] returning the plugin's vtable.
pub const ENTRY_SYMBOL: &str = "gdr_plugin_entry";

/// Export a [`Plugin`] implementation: the ABI version symbol and the entry point.
/// Use once, at the root of a `cdylib` crate:
///
/// ```no_run
/// struct TeamRules;
///
/// impl gdr_plugin_api::Plugin for TeamRules {
///     fn new(_config: &str) -> Result<Self, String> {
///         Ok(TeamRules)
///     }
///     fn patterns(&self) -> Vec<String> {
///         vec!["$WG.Done()".to_string()]
///     }
/// }
///
/// gdr_plugin_api::export_plugin!(TeamRules);
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The plugin ABI version this library was built for.
        #[allow(non_upper_case_globals)]
        #[unsafe(no_mangle)]
        pub static gdr_plugin_abi_version: u32 = $crate::ABI_VERSION;

        /// The plugin's vtable.
        #[unsafe(no_mangle)]
        pub extern "C" fn gdr_plugin_entry() -> *const $crate::abi::VTable {
            unsafe extern "C" fn create(config: $crate::abi::Str) -> *mut $crate::abi::Created {
                $crate::guest::create::<$plugin>(
                    config,
                    env!("CARGO_PKG_NAME"),
                    env!("CARGO_PKG_VERSION"),
                )
            }
            unsafe extern "C" fn free_created(created: *mut $crate::abi::Created) {
                $crate::guest::free_created::<$plugin>(created)
            }
            unsafe extern "C" fn check(
                instance: *const ::std::ffi::c_void,
                check: u32,
                input: *const $crate::abi::CheckInput,
            ) -> *mut $crate::abi::CheckOutput {
                $crate::guest::check::<$plugin>(instance, check, input)
            }
            unsafe extern "C" fn free_output(output: *mut $crate::abi::CheckOutput) {
                $crate::guest::free_output(output)
            }
            static VTABLE: $crate::abi::VTable = $crate::abi::VTable {
                size: ::std::mem::size_of::<$crate::abi::VTable>(),
                create,
                free_created,
                check,
                free_output,
            };
            &VTABLE
        }
    };
}
