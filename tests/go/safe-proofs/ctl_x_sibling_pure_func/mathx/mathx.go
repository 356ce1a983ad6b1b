// Package mathx: small functions whose bodies cannot panic (comparisons,
// additions, no variable of the package, no call).
package mathx

// Clamp returns v limited to [lo, hi].
func Clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Add returns a + b.
func Add(a, b int) int { return a + b }
