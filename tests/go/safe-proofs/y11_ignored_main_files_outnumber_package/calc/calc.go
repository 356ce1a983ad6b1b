// Package calc: Div divides.
package calc

// Div returns a / b.
func Div(a, b int) int { return a / b }
