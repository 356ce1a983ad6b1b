// Package num: Sum cannot panic.
package num

// Sum returns a + b.
func Sum(a, b int) int { return a + b }
