module safeproofs

go 1.22

// x34_nested_module_replaced: a nested module, built from another directory.
require safeproofs/x34_nested_module_replaced/dep v0.0.0-00010101000000-000000000000

replace safeproofs/x34_nested_module_replaced/dep => ./x34_nested_module_replaced/depfork
