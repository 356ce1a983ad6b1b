//! Compiles the generated parser, as upstream tree-sitter-go's build script does.

fn main() {
    let src_dir = std::path::Path::new("src");

    let mut c_config = cc::Build::new();
    c_config.std("c11").include(src_dir);
    // The generated parser exports `tree_sitter_go`, as upstream's does. Upstream's
    // crate is linked into this crate's tests too (to compare the two parsers): a
    // symbol of our own keeps the linker from taking one parser for the other.
    c_config.define("tree_sitter_go", "gdr_tree_sitter_go_patched");
    // The generated code has unused parameters and the like; they are not ours to fix.
    c_config.warnings(false);

    #[cfg(target_env = "msvc")]
    c_config.flag("-utf-8");

    let parser_path = src_dir.join("parser.c");
    c_config.file(&parser_path);
    println!("cargo:rerun-if-changed={}", parser_path.display());
    println!(
        "cargo:rerun-if-changed={}",
        src_dir.join("tree_sitter").display()
    );

    c_config.compile("gdr-tree-sitter-go");
}
