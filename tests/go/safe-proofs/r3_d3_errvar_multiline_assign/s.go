package r3d3errvarmultilineassign

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

type S struct {
	mu  sync.Mutex
	err error
}

func (s *S) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == errClosed
}
