//go:build !linux

package c2buildtagifacestruct

// Source counts up.
type Source struct{ n int }

// Next returns the next number.
func (s Source) Next() int { return s.n + 1 }
