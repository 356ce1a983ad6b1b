//! A library that looks like a plugin built for another ABI version. The host must
//! refuse it after reading the version, before calling anything: its entry point
//! aborts the process, so a test that loads it fails loudly if the host ever calls it.

/// Not `gdr_plugin_api::ABI_VERSION`.
#[allow(non_upper_case_globals)]
#[unsafe(no_mangle)]
pub static gdr_plugin_abi_version: u32 = 999;

/// Must never be called.
#[unsafe(no_mangle)]
pub extern "C" fn gdr_plugin_entry() -> *const std::ffi::c_void {
    std::process::abort()
}
