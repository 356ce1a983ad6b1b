package r2b2methodincgofile

import "sync"

type E struct{ n int }

func (e *E) M() int { return 10 / e.n }

type S struct {
	mu sync.Mutex
	E
}

func (s *S) Get() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.M()
}
