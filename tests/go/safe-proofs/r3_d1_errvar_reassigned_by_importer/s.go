package r3d1errvarreassignedbyimporter

import (
	"errors"
	"sync"
)

var ErrClosed = errors.New("closed")

type S struct {
	mu  sync.Mutex
	err error
}

func (s *S) SetErr(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *S) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == ErrClosed {
		return true
	}
	return false
}

func (s *S) TryLock() bool { return s.mu.TryLock() }
