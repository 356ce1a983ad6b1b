// Package rough: Scale divides, and panics when by is 0.
package rough

// Scale returns x / by.
func Scale(x, by int) int { return x / by }
