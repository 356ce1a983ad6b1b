package r3d11unlockparenthesizedrecover

import "sync"

// Guard is a lock whose Unlock, when deferred, also stops a panic raised while
// it is held (and remembers it): (recover) is the builtin, parenthesized.
type Guard struct {
	mu     sync.Mutex
	caught any
}

func (g *Guard) Lock() { g.mu.Lock() }

func (g *Guard) Unlock() {
	g.caught = (recover)()
	g.mu.Unlock()
}

type S struct {
	g Guard
	n int
}

// Check panics on a negative count; the deferred g.Unlock stops that panic.
func (s *S) Check() {
	s.g.Lock()
	defer s.g.Unlock()
	if s.n < 0 {
		panic("negative")
	}
	s.n++
}
