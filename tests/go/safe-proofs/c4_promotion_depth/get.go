// Package c4promotiondepth: S embeds the interface Getter (Get at depth 1)
// and middle, which embeds inner (a panic-free Get at depth 2). Go promotes
// the shallower one: s.Get() is the dynamic interface call, which can panic.
package c4promotiondepth

import "sync"

// Getter yields a value.
type Getter interface{ Get() int }

type inner struct{}

// Get is panic-free, but too deep to be S's Get.
func (inner) Get() int { return 1 }

type middle struct{ inner }

// S caches a value from its Getter under a lock.
type S struct {
	Getter
	middle
	mu sync.Mutex
	v  int
}

// Load stores and returns s.Get().
func (s *S) Load() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v = s.Get()
	return s.v
}

// Deep is inner's Get, named explicitly.
func (s *S) Deep() int { return s.middle.inner.Get() }
