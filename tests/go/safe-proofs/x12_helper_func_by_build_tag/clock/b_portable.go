//go:build !linux

// Package clock: Ticks and Steps each have a linux body that divides (and
// panics on a zero divisor) and a !linux body that cannot panic; the linux
// file of Ticks sorts before this file, the linux file of Steps after it.
package clock

// Ticks returns total.
func Ticks(total, n int) int { return total }

// Steps returns total.
func Steps(total, n int) int { return total }
