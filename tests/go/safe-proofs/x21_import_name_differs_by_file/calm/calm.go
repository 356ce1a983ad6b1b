// Package calm: Scale cannot panic.
package calm

// Scale returns x.
func Scale(x, by int) int { return x }
