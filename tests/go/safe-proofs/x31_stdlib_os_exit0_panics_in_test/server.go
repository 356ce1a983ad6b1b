// Package x31stdlibosexit0panicsintest: os.Exit ends the program without
// running deferred calls, so it looks like no exit needs an Unlock; but in a
// test binary os.Exit(0) panics ("unexpected call to os.Exit(0) during test",
// see os.Exit's body). The deferred Unlock runs during that panic; a rewrite
// with explicit Unlocks only before the returns leaves the lock held. (One
// before the os.Exit call too, as before a panic(v), would be correct.)
package x31stdlibosexit0panicsintest

import (
	"os"
	"sync"
)

// Server stops when asked.
type Server struct {
	mu      sync.Mutex
	stopped bool
}

// Quit exits the program with status 0 once stopped.
func (s *Server) Quit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		os.Exit(0)
	}
	s.stopped = true
}
