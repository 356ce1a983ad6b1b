// Package y5externaltestseesinternaltestmethod: Outer has no Size of its own
// in the package's files; `o.Size()` is the promoted Inner.Size, which cannot
// panic. But `go test` compiles the package with its `_test.go` files of
// package y5externaltestseesinternaltestmethod, and internal_test.go declares
// Outer's own Size, which indexes. The external test package (ext_test.go)
// and the package use, which `go test` rebuilds against that test variant,
// call it: proofs from the package's non-test files alone are wrong there,
// and an explicit Unlock in ext_test.go leaves the lock held after the
// recovered panic.
package y5externaltestseesinternaltestmethod

// Inner has a size.
type Inner struct{}

// Size returns 1.
func (Inner) Size() int { return 1 }

// Outer embeds Inner.
type Outer struct {
	Inner
	sizes []int
}
