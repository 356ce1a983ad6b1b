// Package x5stdlibdiscardreassigned: `io.Discard` is declared
// `var Discard Writer = discard{}` and package io never assigns it, and
// discard's Write cannot panic; but io.Discard is an exported variable of
// interface type, and the test replaces it with a Writer whose Write panics:
// an explicit Unlock leaves the lock held after the recovered panic.
package x5stdlibdiscardreassigned

import (
	"io"
	"sync"
)

// Log drops what it is given, counting bytes.
type Log struct {
	mu sync.Mutex
	n  int
}

// Write discards p.
func (l *Log) Write(p []byte) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, _ := io.Discard.Write(p)
	l.n += n
	return l.n
}
