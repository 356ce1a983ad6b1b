// Package quota splits work into shares.
package quota

// shares is unexported, its address never escapes, and no statement of this
// package assigns it after its declaration. Package tune still writes it,
// through a `//go:linkname` pull.
var shares = 4

// Per returns n / shares: it panics when shares is 0.
func Per(n int) int { return n / shares }
