// Package x32stdlibtimelocalnil: `t.In(time.Local)` cannot panic while
// time.Local is not nil (Time.In panics on a nil *Location), and time.Local
// is declared `var Local *Location = &localLoc` and never assigned by package
// time; but it is an exported variable, and the test sets it to nil: an
// explicit Unlock leaves the lock held after the recovered panic.
package x32stdlibtimelocalnil

import (
	"sync"
	"time"
)

// Stamp holds a time.
type Stamp struct {
	mu sync.Mutex
	at time.Time
}

// Local returns the time in the local zone.
func (s *Stamp) Local() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at.In(time.Local)
}
