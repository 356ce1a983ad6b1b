module safeproofs/x34_nested_module_replaced/dep

go 1.22
