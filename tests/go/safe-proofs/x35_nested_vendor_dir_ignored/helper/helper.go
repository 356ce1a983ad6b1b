// Package helper: Ratio divides by b. This is the package the import path
// safeproofs/x35_nested_vendor_dir_ignored/helper builds.
package helper

// Ratio returns a / b.
func Ratio(a, b int) int { return a / b }
