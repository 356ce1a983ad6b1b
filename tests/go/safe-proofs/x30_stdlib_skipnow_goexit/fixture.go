// Package x30stdlibskipnowgoexit: a test fixture (non-test code importing
// testing) skips the test under a lock. (*testing.T).SkipNow has no panic in
// its body, but it ends with runtime.Goexit, which runs the deferred Unlock
// and not an explicit one: the lock stays held for the next test.
package x30stdlibskipnowgoexit

import (
	"sync"
	"testing"
)

// Fixture is shared by tests.
type Fixture struct {
	mu      sync.Mutex
	offline bool
	uses    int
}

// Use counts a use, skipping t when the fixture is offline.
func (f *Fixture) Use(t *testing.T) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.offline {
		t.SkipNow()
	}
	f.uses++
	return f.uses
}
