// Package dep (directory depfork, declaring the module
// safeproofs/x34_nested_module_replaced/dep): the code the safeproofs module
// builds for that import path, through its go.mod's replace directive. Ratio
// divides by b.
package dep

// Ratio returns a / b.
func Ratio(a, b int) int { return a / b }
