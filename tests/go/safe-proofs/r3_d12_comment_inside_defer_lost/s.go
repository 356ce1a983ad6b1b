package r3d12commentinsidedeferlost

import "sync"

type S struct {
	mu sync.Mutex
	n  int
}

func (s *S) Get() int {
	s.mu.Lock()
	defer /* held for the read below */ s.mu.Unlock()
	return s.n
}
