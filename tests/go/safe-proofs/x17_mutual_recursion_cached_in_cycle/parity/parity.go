// Package parity: Even and Odd call each other. Even divides by n once n
// reaches 0 (a bug: Even(0) panics); Odd has no panic of its own, but calls
// Even. An analysis that starts at Even, reaches Odd, assumes Even (still in
// progress) panic-free and records Odd as panic-free is wrong about Odd.
package parity

// Even reports whether n is even.
func Even(n int) bool {
	if n > 0 {
		return Odd(n - 1)
	}
	return 100/n != 0
}

// Odd reports whether n is odd: Odd(1) calls Even(0).
func Odd(n int) bool {
	if n > 0 {
		return Even(n - 1)
	}
	return false
}
