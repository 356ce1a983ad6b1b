// Package x25nilpointerfromotherpkg: `reg.Lookup(name).Size()` and
// `s.cfg.Limits.Max()` call pointer-receiver methods whose bodies only read a
// field of the receiver; the receiver is a *reg.Entry that Lookup returns nil
// for an unknown name, and a *reg.Limits field that is nil unless set. An
// implementation that checks the callee's body but not its receiver proves
// the calls panic-free, and an explicit Unlock leaves the lock held after the
// recovered nil-pointer panic.
package x25nilpointerfromotherpkg

import (
	"sync"

	"safeproofs/x25_nil_pointer_from_other_pkg/reg"
)

// Svc serves entries.
type Svc struct {
	mu  sync.Mutex
	cfg reg.Config
	n   int
}

// Size returns the size of entry name.
func (s *Svc) Size(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := reg.Lookup(name)
	s.n = e.Size()
	return s.n
}

// Max returns the configured maximum.
func (s *Svc) Max() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.Limits.Max()
}
