// Package c1testfileappend: the package's _test.go file declares a
// package-level func `append`, which `go test` compiles into the package: in
// the test build, `append` in Add is that function, which panics.
package c1testfileappend

import "sync"

// Log appends under a lock.
type Log struct {
	mu sync.Mutex
	xs []int
}

// Add appends v.
func (l *Log) Add(v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.xs = append(l.xs, v)
}
