// Package dep (directory dep, its own module safeproofs/x34_nested_module_replaced/dep):
// Ratio cannot panic. The safeproofs module's go.mod replaces this module by
// the directory depfork, so this file is never built into safeproofs.
package dep

// Ratio returns a.
func Ratio(a, b int) int { return a }
